import Foundation

/// What a device said about one command it was given.
public struct CommandReport: Sendable, Hashable {
    /// The device's verdict, as the protocol names it.
    public enum Status: String, Codable, Sendable, CaseIterable {
        case acknowledged
        case error
        /// The command was malformed; the device will not retry it.
        case commandFormatError
        /// The device cannot act now (for example it is locked); ask again in its next session.
        case notNow

        /// The state a command moves to on this report.
        public var resultingState: CommandState {
            switch self {
            case .acknowledged: .acknowledged
            case .error, .commandFormatError: .error
            case .notNow: .notNow
            }
        }
    }

    public var status: Status
    /// The device's reply body, kept as it came (for Apple, the result plist).
    public var result: Data?

    public init(status: Status, result: Data? = nil) {
        self.status = status
        self.result = result
    }
}
