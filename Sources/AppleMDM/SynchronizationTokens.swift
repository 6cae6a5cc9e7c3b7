import Foundation

/// The server's synchronization tokens (`SyncTokens`): a device compares `DeclarationsToken` with the one it holds
/// to learn whether the declaration set changed.
public struct SynchronizationTokens: Sendable, Hashable, Codable {
    public var declarationsToken: String
    /// When the declaration set last changed; written in whole seconds.
    public var timestamp: Date

    public init(declarationsToken: String, timestamp: Date) {
        self.declarationsToken = declarationsToken
        self.timestamp = timestamp
    }

    private enum CodingKeys: String, CodingKey {
        case declarationsToken = "DeclarationsToken"
        case timestamp = "Timestamp"
    }
}
