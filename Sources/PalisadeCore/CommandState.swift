/// Where a queued command is in its life.
///
/// `queued → sent → acknowledged | error`; a device may answer `notNow`, after which the command waits for the
/// device's next session. `cancelled` and `expired` end it without delivery. A sensitive command starts
/// `awaitingApproval` and becomes `queued` once enough approvers have signed it.
public enum CommandState: String, Codable, Sendable, CaseIterable, Hashable {
    case awaitingApproval
    case queued
    case sent
    case acknowledged
    case error
    case notNow
    case cancelled
    case expired

    /// Still owed to the device, and deliverable.
    public var isPending: Bool {
        switch self {
        case .queued, .sent, .notNow: true
        case .awaitingApproval, .acknowledged, .error, .cancelled, .expired: false
        }
    }

    /// Not yet ended: pending, or waiting for approvers. Such a command can still be cancelled or expire.
    public var isOpen: Bool { isPending || self == .awaitingApproval }

    /// Ended for good; such commands are pruned after the retention period.
    public var isFinished: Bool { !isOpen }

    public static let pendingStates: [CommandState] = allCases.filter(\.isPending)
    public static let finishedStates: [CommandState] = allCases.filter(\.isFinished)
}
