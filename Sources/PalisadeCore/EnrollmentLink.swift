import Foundation

/// An offer to enrol up to `maximumUses` devices until `expiresAt`: the link (`/enroll/<id>`) an administrator hands
/// to the people setting up a batch of corporate devices without Apple Business Manager.
///
/// Unlike an `EnrollmentInvitation`, the link holds no challenge of its own. Each download mints a fresh one-time
/// SCEP challenge (an `EnrollmentLinkChallenge`) into the profile it serves. A *use* is counted when SCEP spends
/// such a challenge, that is when a device actually enrols; downloads are counted too, and bounded through
/// `outstandingChallengeLimit`, so that a leaked link cannot mint challenges without end.
public struct EnrollmentLink: Sendable, Hashable {
    /// URL-safe random text, from the same space as invitation ids: knowing it is what lets a device download.
    public var id: String
    public var platform: Platform
    public var ownership: Ownership
    /// How many devices may enrol through the link.
    public var maximumUses: Int
    /// How many devices have enrolled through it (challenges spent by SCEP).
    public var uses: Int
    /// How many profiles it has served, each with its own challenge.
    public var downloads: Int
    public var createdAt: Date
    public var expiresAt: Date
    /// Set by revocation: the link serves nothing more and its outstanding challenges stop working.
    public var revokedAt: Date?
    public var createdBy: UUID?

    /// The most uses a link may offer: enough for a large batch, small enough that a typo (20000 for 200) is refused.
    public static let usesRange = 1...10_000

    public init(
        id: String, platform: Platform, ownership: Ownership, maximumUses: Int, uses: Int = 0, downloads: Int = 0,
        createdAt: Date, expiresAt: Date, revokedAt: Date? = nil, createdBy: UUID? = nil
    ) {
        self.id = id
        self.platform = platform
        self.ownership = ownership
        self.maximumUses = maximumUses
        self.uses = uses
        self.downloads = downloads
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.createdBy = createdBy
    }

    public var usesLeft: Int { max(0, maximumUses - uses) }

    /// Whether the link serves profiles and enrols devices at `date`, and if not, why.
    public func state(at date: Date) -> EnrollmentLinkState {
        if revokedAt != nil { return .revoked }
        if uses >= maximumUses { return .usedUp }
        if date >= expiresAt { return .expired }
        return .open
    }

    /// The most challenges minted from the link that may wait unspent and unexpired at once: two for each use
    /// left, so that every remaining device may fetch its profile a second time (a download in the wrong browser, a
    /// profile removed before installing) while a leaked link mints no more than that until some expire.
    public var outstandingChallengeLimit: Int { 2 * usesLeft }
}
