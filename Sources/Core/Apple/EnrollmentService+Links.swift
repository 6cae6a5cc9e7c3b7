import Foundation
import PalisadeCore
import PKI

/// Multi-use enrolment links: one link for a batch of devices, each download carrying a fresh one-time challenge.
extension EnrollmentService {
    /// The link a user opens to enrol; the same path as an invitation's.
    public func linkURL(_ link: EnrollmentLink) -> String { publicURL + "/enroll/" + link.id }

    /// A new link for up to `maximumUses` devices until `expiresAt`.
    public func createLink(
        platform: Platform = .ios, ownership: Ownership, maximumUses: Int, expiresAt: Date, createdBy: UUID?
    ) async throws -> EnrollmentLink {
        let link = EnrollmentLink(
            id: Base64URL.random(bytes: 18), platform: platform, ownership: ownership, maximumUses: maximumUses,
            createdAt: clock.now, expiresAt: expiresAt, createdBy: createdBy
        )
        try await storage.createEnrollmentLink(link)
        return link
    }

    /// The `.mobileconfig` behind `/enroll/<id>`: an invitation's, or else a link's with a challenge minted for
    /// this download.
    public func profile(forEnrollment id: String, signed: Bool) async throws(DeviceRefusal) -> Data {
        do {
            return try await profile(forInvitation: id, signed: signed)
        } catch .notFound {
            return try await profile(forLink: id, signed: signed)
        }
    }

    /// A profile with a fresh one-time challenge minted from an open link. A link that is revoked, used up or
    /// expired answers 410 like a spent invitation; one whose outstanding challenges are at their bound answers 429.
    public func profile(forLink id: String, signed: Bool) async throws(DeviceRefusal) -> Data {
        let challenge = Base64URL.random(bytes: 24)
        let now = clock.now
        let minted: EnrollmentLinkMint
        do {
            minted = try await storage.mintLinkChallenge(EnrollmentLinkChallenge(
                digest: Self.digest(challenge), linkID: id, issuedAt: now, expiresAt: now.addingTimeInterval(linkChallengeValidity)
            ))
        } catch {
            throw .unavailable("the database did not answer")
        }
        switch minted {
        case .unknown:
            throw .notFound("no such enrolment invitation or link")
        case .closed(_, let state):
            let reason = switch state {
            case .usedUp: "is used up"
            case .revoked: "was revoked"
            case .expired, .open: "has expired"
            }
            throw .gone("this enrolment link \(reason); ask for a new one")
        case .saturated:
            throw .tooManyRequests("this enrolment link has as many profiles waiting to be installed as it allows; install one, or retry later")
        case .minted(let link):
            do {
                return try profile(challenge: challenge, subject: "Palisade device " + link.id.prefix(8), signed: signed)
            } catch {
                logger.error("cannot build an enrolment profile", metadata: ["error": "\(error)"])
                throw .unavailable("the profile cannot be built now")
            }
        }
    }
}
