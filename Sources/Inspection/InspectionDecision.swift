/// What the edge does with a request or response.
public enum InspectionDecision: Sendable, Hashable, CustomStringConvertible {
    /// Relay it.
    case pass
    /// Answer the device with this status instead (400, 403, 413, 429 or 503; never 401).
    case refuse(status: Int)

    public var isPass: Bool { self == .pass }

    /// The refusal's status, or `nil` for `pass`.
    public var refusalStatus: Int? {
        if case .refuse(let status) = self { status } else { nil }
    }

    public var description: String {
        switch self {
        case .pass: "pass"
        case .refuse(let status): "refuse \(status)"
        }
    }
}
