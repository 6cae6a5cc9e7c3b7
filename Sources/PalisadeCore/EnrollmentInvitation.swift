import Foundation

/// An offer to enrol one device: the link a user opens (`/enroll/<id>`) and the one-time SCEP challenge inside the
/// profile it serves. The challenge is found by its digest and kept only sealed.
public struct EnrollmentInvitation: Sendable, Hashable {
    /// URL-safe random text; knowing it is what lets a device download the profile.
    public var id: String
    public var platform: Platform
    public var ownership: Ownership
    /// Lower-case hex SHA-256 of the challenge password.
    public var challengeDigest: String
    /// The challenge sealed with the key-encryption key, so the profile can be served again until it is spent.
    public var sealedChallenge: Data
    public var createdAt: Date
    public var expiresAt: Date
    /// Set when a SCEP request spent the challenge; a spent invitation issues nothing more.
    public var usedAt: Date?
    public var createdBy: UUID?

    public init(
        id: String, platform: Platform, ownership: Ownership, challengeDigest: String, sealedChallenge: Data,
        createdAt: Date, expiresAt: Date,
        usedAt: Date? = nil, createdBy: UUID? = nil
    ) {
        self.id = id
        self.platform = platform
        self.ownership = ownership
        self.challengeDigest = challengeDigest
        self.sealedChallenge = sealedChallenge
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.usedAt = usedAt
        self.createdBy = createdBy
    }

    public func isOpen(at date: Date) -> Bool { usedAt == nil && date < expiresAt }
}
