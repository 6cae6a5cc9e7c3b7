import Foundation

/// A bearer token of one administrator. Only the SHA-256 digest of the secret is stored; the secret is shown
/// once, when the token is made.
public struct APIToken: Codable, Sendable, Hashable, Identifiable {
    public var id: UUID
    public var administratorID: UUID
    /// What the token is for ("ci", "first run").
    public var label: String
    /// Lower-case hex SHA-256 of the whole token text.
    public var digest: String
    public var createdAt: Date
    public var expiresAt: Date?
    public var revokedAt: Date?
    public var lastUsedAt: Date?

    public init(
        id: UUID = UUID(), administratorID: UUID, label: String, digest: String, createdAt: Date,
        expiresAt: Date? = nil, revokedAt: Date? = nil, lastUsedAt: Date? = nil
    ) {
        self.id = id
        self.administratorID = administratorID
        self.label = label
        self.digest = digest
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.lastUsedAt = lastUsedAt
    }

    /// Whether the token may be used at `date`.
    public func isUsable(at date: Date) -> Bool {
        revokedAt == nil && (expiresAt.map { date < $0 } ?? true)
    }
}
