import _CryptoExtras
import AppleMDM
import Crypto
import Foundation
import Logging
import PalisadeCore
import PKI
import SwiftASN1
import X509

/// Enrolment of Apple devices: invitations, the profiles they serve, and the SCEP decision that turns a one-time
/// challenge into a device identity certificate.
public struct EnrollmentService: Sendable {
    let storage: any PalisadeStorage
    let keyring: CoreKeyring
    let clock: any WallClock
    /// The base URL devices reach (`https://mdm.example.org`); read at each use, as a listener on port 0 learns it late.
    let baseURL: @Sendable () -> String
    /// The push topic written into profiles.
    let topic: String
    let organization: String
    let invitationValidity: TimeInterval
    /// How long a challenge minted by an enrolment link's download stays spendable: time to install the profile.
    let linkChallengeValidity: TimeInterval
    let logger: Logger

    /// How long a device identity certificate lasts; devices renew through SCEP before it ends.
    static let identityValidity: TimeInterval = 2 * 365 * 86_400

    public init(
        storage: any PalisadeStorage, keyring: CoreKeyring, clock: any WallClock, publicURL: @escaping @Sendable () -> String, topic: String,
        organization: String = "Palisade", invitationValidity: TimeInterval = 72 * 3600, linkChallengeValidity: TimeInterval = 3600,
        logger: Logger
    ) {
        self.storage = storage
        self.keyring = keyring
        self.clock = clock
        baseURL = publicURL
        self.topic = topic
        self.organization = organization
        self.invitationValidity = invitationValidity
        self.linkChallengeValidity = linkChallengeValidity
        self.logger = logger
    }

    public var publicURL: String {
        let url = baseURL()
        return url.hasSuffix("/") ? String(url.dropLast()) : url
    }

    public var checkInURL: String { publicURL + "/mdm/checkin" }
    public var serverURL: String { publicURL + "/mdm/connect" }
    public var scepURL: String { publicURL + "/scep" }

    /// The link a user opens to enrol.
    public func invitationURL(_ invitation: EnrollmentInvitation) -> String { publicURL + "/enroll/" + invitation.id }

    /// A new invitation with a fresh one-time challenge.
    public func createInvitation(platform: Platform = .ios, ownership: Ownership, createdBy: UUID?) async throws -> EnrollmentInvitation {
        let id = Base64URL.random(bytes: 18)
        let challenge = Base64URL.random(bytes: 24)
        let now = clock.now
        let invitation = EnrollmentInvitation(
            id: id, platform: platform, ownership: ownership, challengeDigest: Self.digest(challenge),
            sealedChallenge: try keyring.keyEncryptionKey.seal(Data(challenge.utf8), name: SealedItem.invitationChallenge.sealedName(forRow: id)),
            createdAt: now, expiresAt: now.addingTimeInterval(invitationValidity), createdBy: createdBy
        )
        try await storage.createInvitation(invitation)
        return invitation
    }

    /// The `.mobileconfig` of an open invitation, CMS-signed unless `signed` is false.
    public func profile(forInvitation id: String, signed: Bool) async throws(DeviceRefusal) -> Data {
        let invitation: EnrollmentInvitation?
        do {
            invitation = try await storage.invitation(id)
        } catch {
            throw .unavailable("the database did not answer")
        }
        guard let invitation else { throw .notFound("no such enrolment invitation") }
        guard invitation.isOpen(at: clock.now) else { throw .gone("this enrolment invitation is spent or expired; ask for a new one") }
        do {
            let challenge = String(decoding: try keyring.keyEncryptionKey.open(invitation.sealedChallenge, name: SealedItem.invitationChallenge.sealedName(forRow: invitation.id)), as: UTF8.self)
            return try profile(challenge: challenge, subject: "Palisade device " + invitation.id.prefix(8), signed: signed)
        } catch {
            logger.error("cannot build an enrolment profile", metadata: ["error": "\(error)"])
            throw .unavailable("the profile cannot be built now")
        }
    }

    func profile(challenge: String, subject: String, signed: Bool) throws -> Data {
        var settings = ProfileSettings(
            organization: organization, serverURL: serverURL, checkInURL: checkInURL, scepURL: scepURL, challenge: challenge,
            topic: topic, trustedCertificate: Data(keyring.authority.identity.certificateDER), subjectCommonName: subject
        )
        settings.identifier = "org.palisade.enrollment"
        let unsigned = try ProfileBuilder.unsignedProfile(settings)
        guard signed else { return unsigned }
        let signer = try CMSSigner(
            certificate: keyring.profileSigner.certificate, privateKey: Certificate.PrivateKey(keyring.profileSigner.privateKey)
        )
        return Data(try CMSSignedData.sign(
            [UInt8](unsigned), signer: signer, certificates: [keyring.profileSigner.certificate, keyring.authority.certificate]
        ))
    }

    /// The SCEP server of the device listener.
    public func scepServer() throws -> SCEPServer {
        try SCEPServer(
            caCertificate: keyring.authority.certificate, caPrivateKey: keyring.authority.privateKey, clock: clock,
            issue: { request in try await self.decide(request) }
        )
    }

    /// The decision on a verified SCEP request: a first request must spend an open invitation's challenge, or a
    /// challenge minted from an enrolment link that still has a use left (the use is counted here); a renewal must
    /// be signed by a live identity this CA issued.
    func decide(_ request: SCEPRequest) async throws -> SCEPIssueOutcome {
        let now = clock.now
        // The invitation or link whose challenge was spent (a renewal: the one the first certificate came from).
        var invitationID: String?
        var offer: String?
        switch request.messageType {
        case .renewalReq:
            let signer = try? await VerifiedDeviceIdentity.check(
                request.signerCertificate, authority: keyring.authority, certificates: storage, now: now
            )
            guard let signer else {
                logger.notice("SCEP renewal refused: signer is not a live identity")
                return .rejected(.badRequest)
            }
            invitationID = signer.issued.invitationID
            if let id = invitationID {
                offer = (try? await storage.enrollmentLink(id)) != nil ? "enrollment-link:\(id)" : "invitation:\(id)"
            }
        default:
            guard let challenge = request.challengePassword else {
                logger.notice("SCEP request refused: no challenge")
                return .rejected(.badRequest)
            }
            let digest = Self.digest(challenge)
            if let invitation = try await storage.spendChallenge(digest: digest, at: now) {
                invitationID = invitation.id
                offer = "invitation:\(invitation.id)"
            } else if let link = try await storage.spendLinkChallenge(digest: digest, at: now) {
                invitationID = link.id
                offer = "enrollment-link:\(link.id)"
                _ = try? await storage.append(AuditRecord(
                    at: now, actor: .system, action: "enrollment.link.use", target: "enrollment-link:\(link.id)",
                    detail: .object(["uses": .number(Double(link.uses)), "maximumUses": .number(Double(link.maximumUses))])
                ))
            } else {
                // An unknown or spent challenge, or one of a link that is revoked, expired or used up: the N+1th
                // device racing for a link's last N uses is refused here.
                logger.notice("SCEP request refused: challenge unknown, spent or expired, or its link is closed")
                return .rejected(.badRequest)
            }
        }
        let certificate = try keyring.authority.issue(
            publicKey: request.publicKey, subject: request.subject, usage: .deviceIdentity, validity: Self.identityValidity, now: now
        )
        let der = try certificate.derEncoded()
        try await storage.recordIssuedCertificate(IssuedCertificate(
            serial: Hex.encode(certificate.serialNumber.bytes), fingerprint: VerifiedDeviceIdentity.fingerprint(der: der),
            subject: String(describing: certificate.subject), notValidBefore: certificate.notValidBefore,
            notValidAfter: certificate.notValidAfter, invitationID: invitationID, der: Data(der)
        ))
        _ = try? await storage.append(AuditRecord(
            at: now, actor: .system, action: "certificate.issue", target: offer,
            detail: .object(["subject": .string(String(describing: certificate.subject)), "messageType": .string("\(request.messageType)")])
        ))
        return .issued(certificate)
    }

    static func digest(_ challenge: String) -> String {
        Hex.encode(SHA256.hash(data: Data(challenge.utf8)))
    }
}
