import PalisadeCore

/// The `Status` of a report to the server URL: `Idle` asks for the next command; the others answer one.
public enum CommandResultStatus: String, Sendable, Hashable, CaseIterable {
    case idle = "Idle"
    case acknowledged = "Acknowledged"
    case error = "Error"
    case commandFormatError = "CommandFormatError"
    case notNow = "NotNow"

    /// The domain verdict; `nil` for `Idle`, which answers no command.
    public var commandReportStatus: CommandReport.Status? {
        switch self {
        case .idle: nil
        case .acknowledged: .acknowledged
        case .error: .error
        case .commandFormatError: .commandFormatError
        case .notNow: .notNow
        }
    }
}
