/// What asking a link for a fresh challenge came to.
public enum EnrollmentLinkMint: Sendable, Hashable {
    /// The challenge is stored; the link as it is now, its download counted.
    case minted(EnrollmentLink)
    /// The link is revoked, used up or expired (never `.open`).
    case closed(EnrollmentLink, EnrollmentLinkState)
    /// As many challenges as `outstandingChallengeLimit` wait unspent; another download must wait for one to be spent
    /// or to expire.
    case saturated(EnrollmentLink)
    /// No link has this id.
    case unknown
}
