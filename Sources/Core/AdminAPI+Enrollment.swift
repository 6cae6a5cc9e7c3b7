import Foundation
import Hummingbird
import NIOCore
import PalisadeCore
import Push

extension AdminAPI {
    /// `POST /api/enrollment-invitations`.
    struct CreateInvitationRequest: Decodable, Sendable {
        var platform: Platform?
        var ownership: Ownership?

        private enum CodingKeys: String, CodingKey, CaseIterable { case platform, ownership }

        init(from decoder: any Decoder) throws {
            let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
            platform = try container.decodeIfPresentRefusingNull(Platform.self, forKey: .platform)
            ownership = try container.decodeIfPresentRefusingNull(Ownership.self, forKey: .ownership)
        }
    }

    struct InvitationView: Encodable, Sendable {
        var id: String
        var platform: Platform
        var ownership: Ownership
        var url: String
        var profileURL: String
        var createdAt: Date
        var expiresAt: Date
    }

    /// `PUT /api/apns/certificate`.
    struct ImportPushCertificateRequest: Decodable, Sendable {
        var certificatePEM: String
        var privateKeyPEM: String
        var allowTopicChange: Bool?

        private enum CodingKeys: String, CodingKey, CaseIterable { case certificatePEM, privateKeyPEM, allowTopicChange }

        init(from decoder: any Decoder) throws {
            let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
            certificatePEM = try container.decode(String.self, forKey: .certificatePEM)
            privateKeyPEM = try container.decode(String.self, forKey: .privateKeyPEM)
            allowTopicChange = try container.decodeIfPresentRefusingNull(Bool.self, forKey: .allowTopicChange)
        }
    }

    struct PushCertificateView: Encodable, Sendable {
        var topic: String
        var subject: String
        var fingerprint: String
        var notValidAfter: Date
        /// True for the development certificate a core makes itself; only a stand-in push service accepts it.
        var development: Bool
        var warning: String?
        var previousTopic: String?

        private enum CodingKeys: String, CodingKey { case topic, subject, fingerprint, notValidAfter, development, warning, previousTopic }

        /// Every key is written, `null` where there is nothing to say, like the API's other views.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(topic, forKey: .topic)
            try container.encode(subject, forKey: .subject)
            try container.encode(fingerprint, forKey: .fingerprint)
            try container.encode(notValidAfter, forKey: .notValidAfter)
            try container.encode(development, forKey: .development)
            try container.encode(warning, forKey: .warning)
            try container.encode(previousTopic, forKey: .previousTopic)
        }
    }

    func enrollmentService() throws -> EnrollmentService {
        guard let enrollment else { throw APIError(.serviceUnavailable, "unavailable", "this core serves no devices") }
        return enrollment
    }

    @Sendable func createInvitation(_ request: Request, _ context: AdminContext) async throws -> Response {
        _ = try QueryReader(request, allowed: [])
        let input = try await body.decode(CreateInvitationRequest.self, from: request)
        guard (input.platform ?? .ios) == .ios else {
            throw APIError.invalid("only ios invitations exist yet; Android enrolment comes with the Android Management API")
        }
        let service = try enrollmentService()
        let invitation = try await service.createInvitation(ownership: input.ownership ?? .corporate, createdBy: context.administrator?.id)
        try await audit(context, "enrollment.invite", target: "invitation:\(invitation.id)", detail: .object(["ownership": .string(invitation.ownership.rawValue)]))
        return try json(InvitationView(
            id: invitation.id, platform: invitation.platform, ownership: invitation.ownership, url: service.invitationURL(invitation),
            profileURL: "/api/enrollment-invitations/\(invitation.id)/profile", createdAt: invitation.createdAt, expiresAt: invitation.expiresAt
        ), status: .created)
    }

    @Sendable func invitationProfile(_ request: Request, _ context: AdminContext) async throws -> Response {
        let query = try QueryReader(request, allowed: ["unsigned"])
        let unsigned = try query.string("unsigned", maximumLength: 5)
        guard unsigned == nil || unsigned == "1" || unsigned == "0" else { throw APIError.invalid("unsigned must be 0 or 1") }
        let id = context.parameters.get("id") ?? ""
        do {
            let profile = try await enrollmentService().profile(forInvitation: id, signed: unsigned != "1")
            return Response(status: .ok, headers: [.contentType: "application/x-apple-aspen-config"], body: .init(byteBuffer: ByteBuffer(bytes: profile)))
        } catch let refusal as DeviceRefusal {
            switch refusal {
            case .notFound: throw APIError.notFound("no enrolment invitation \(id)")
            case .gone(let text): throw APIError(.gone, "gone", text)
            default: throw APIError(.serviceUnavailable, "unavailable", refusal.description)
            }
        }
    }

    @Sendable func pushCertificate(_ request: Request, _ context: AdminContext) async throws -> Response {
        _ = try QueryReader(request, allowed: [])
        guard let certificate = pushService?.certificate else {
            throw APIError.notFound("no push certificate; import one with 'palisade apns import CERT KEY'")
        }
        return try json(view(of: certificate, previousTopic: nil))
    }

    @Sendable func importPushCertificate(_ request: Request, _ context: AdminContext) async throws -> Response {
        _ = try QueryReader(request, allowed: [])
        let input = try await body.decode(ImportPushCertificateRequest.self, from: request)
        guard let pushService else { throw APIError(.serviceUnavailable, "unavailable", "this core sends no pushes") }
        do {
            let (previous, certificate) = try await pushService.importCertificate(
                certificatePEM: input.certificatePEM, privateKeyPEM: input.privateKeyPEM, allowTopicChange: input.allowTopicChange ?? false
            )
            try await audit(context, "apns.import", target: nil, detail: .object([
                "topic": .string(certificate.topic), "previousTopic": previous.map(JSONValue.string) ?? .null,
                "notValidAfter": .string(ISO8601.format(certificate.notValidAfter)),
            ]))
            return try json(view(of: certificate, previousTopic: previous))
        } catch let error as PushImportError {
            throw APIError(.conflict, "topic_changed", error.description)
        } catch let error as PushCertificateError {
            throw APIError.invalid("the push certificate cannot be used: \(error)")
        }
    }

    private func view(of certificate: PushCertificate, previousTopic: String?) -> PushCertificateView {
        PushCertificateView(
            topic: certificate.topic, subject: certificate.subject, fingerprint: certificate.sha256Fingerprint,
            notValidAfter: certificate.notValidAfter, development: certificate.topic.contains(".palisade-"),
            warning: certificate.expiryWarning(at: clock.now), previousTopic: previousTopic
        )
    }
}
