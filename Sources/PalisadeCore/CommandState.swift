/// Where a queued command is in its life.
///
/// `queued → sent → acknowledged | error`; a device may answer `notNow`, after which the command waits for the
/// device's next session. `cancelled` and `expired` end it without delivery.
public enum CommandState: String, Codable, Sendable, CaseIterable, Hashable {
    case queued
    case sent
    case acknowledged
    case error
    case notNow
    case cancelled
    case expired

    /// Still owed to the device.
    public var isPending: Bool {
        switch self {
        case .queued, .sent, .notNow: true
        case .acknowledged, .error, .cancelled, .expired: false
        }
    }

    /// Ended for good; such commands are pruned after the retention period.
    public var isFinished: Bool { !isPending }

    public static let pendingStates: [CommandState] = allCases.filter(\.isPending)
    public static let finishedStates: [CommandState] = allCases.filter(\.isFinished)
}
