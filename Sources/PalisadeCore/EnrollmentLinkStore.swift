import Foundation

/// Multi-use enrolment links and the challenges minted from them. Every decision about a use is taken inside the
/// database, so that two devices racing for a link's last use cannot both win.
public protocol EnrollmentLinkStore: Sendable {
    func createEnrollmentLink(_ link: EnrollmentLink) async throws
    func enrollmentLink(_ id: String) async throws -> EnrollmentLink?
    /// Every link, newest first.
    func enrollmentLinks() async throws -> [EnrollmentLink]
    /// Stores `challenge` if its link is open at `challenge.issuedAt` and has fewer than `outstandingChallengeLimit`
    /// challenges unspent and unexpired, counting the download; expired unspent challenges of the link are dropped.
    func mintLinkChallenge(_ challenge: EnrollmentLinkChallenge) async throws -> EnrollmentLinkMint
    /// Spends the challenge with this digest, atomically: returns its link, the use counted, if the challenge is
    /// unspent and unexpired and its link open at `date`; `nil` otherwise (then nothing changes).
    func spendLinkChallenge(digest: String, at date: Date) async throws -> EnrollmentLink?
    /// Revokes the link (once: a second revocation keeps the first time) and drops its unspent challenges; `nil`
    /// if no link has this id.
    func revokeEnrollmentLink(_ id: String, at date: Date) async throws -> EnrollmentLink?
}
