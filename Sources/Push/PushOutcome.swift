/// What became of one `PushTarget`: accepted by APNs, or why not.
///
/// Returned in the same order as the targets given to `push(_:)`, one per target, including targets that
/// were merged into another request for the same token.
public struct PushOutcome: Hashable, Sendable {
    public var target: PushTarget
    public var result: Result<PushReceipt, PushFailure>

    public init(target: PushTarget, result: Result<PushReceipt, PushFailure>) {
        self.target = target
        self.result = result
    }

    public var receipt: PushReceipt? {
        if case .success(let receipt) = result { receipt } else { nil }
    }

    public var failure: PushFailure? {
        if case .failure(let failure) = result { failure } else { nil }
    }

    public var isDelivered: Bool { receipt != nil }

    /// True when the core should mark this enrolment's push token invalid.
    public var isTokenInvalid: Bool {
        if case .tokenInvalid = failure { true } else { false }
    }
}
