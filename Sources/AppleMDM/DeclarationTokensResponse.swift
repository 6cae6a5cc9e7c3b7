import Foundation

/// The answer to the `tokens` endpoint: `{"SyncTokens": {"DeclarationsToken": …, "Timestamp": …}}`. Also the JSON
/// to put in a `DeclarativeManagement` command's `Data`.
public struct DeclarationTokensResponse: Sendable, Hashable, Codable {
    public var syncTokens: SynchronizationTokens

    public init(syncTokens: SynchronizationTokens) {
        self.syncTokens = syncTokens
    }

    private enum CodingKeys: String, CodingKey {
        case syncTokens = "SyncTokens"
    }

    public func jsonData() -> Data { DeclarativeJSON.encode(self) }
}
