import Foundation

/// A one-time SCEP challenge minted from an enrolment link for one download. Only its digest is stored: the
/// profile carrying it is served once, so, unlike an invitation's challenge, nothing needs to be unsealed later.
public struct EnrollmentLinkChallenge: Sendable, Hashable {
    /// Lower-case hex SHA-256 of the challenge password.
    public var digest: String
    public var linkID: String
    public var issuedAt: Date
    /// Short: the time to install a downloaded profile, not the link's lifetime.
    public var expiresAt: Date

    public init(digest: String, linkID: String, issuedAt: Date, expiresAt: Date) {
        self.digest = digest
        self.linkID = linkID
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
    }
}
