import Foundation
import Hummingbird
import PalisadeCore

extension AdminAPI {
    /// `POST /api/enrollment-links`.
    struct CreateEnrollmentLinkRequest: Decodable, Sendable {
        var platform: Platform?
        var ownership: Ownership?
        var maximumUses: Int
        var expiresAt: Date

        private enum CodingKeys: String, CodingKey, CaseIterable { case platform, ownership, maximumUses, expiresAt }

        init(from decoder: any Decoder) throws {
            let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
            platform = try container.decodeIfPresentRefusingNull(Platform.self, forKey: .platform)
            ownership = try container.decodeIfPresentRefusingNull(Ownership.self, forKey: .ownership)
            maximumUses = try container.decode(Int.self, forKey: .maximumUses)
            expiresAt = try container.decode(Date.self, forKey: .expiresAt)
        }
    }

    /// An enrolment link with its uses counted. `url` is a secret: whoever holds it can enrol a device until the
    /// link is used up, expires or is revoked, which is why only operators see it.
    struct EnrollmentLinkView: Encodable, Sendable {
        var link: EnrollmentLink
        var url: String
        var state: EnrollmentLinkState

        private enum CodingKeys: String, CodingKey {
            case id, platform, ownership, url, state, maximumUses, uses, usesLeft, downloads, createdAt, expiresAt, revokedAt
        }

        /// Every key is written, `null` where there is nothing to say, like the API's other views.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(link.id, forKey: .id)
            try container.encode(link.platform, forKey: .platform)
            try container.encode(link.ownership, forKey: .ownership)
            try container.encode(url, forKey: .url)
            try container.encode(state, forKey: .state)
            try container.encode(link.maximumUses, forKey: .maximumUses)
            try container.encode(link.uses, forKey: .uses)
            try container.encode(link.usesLeft, forKey: .usesLeft)
            try container.encode(link.downloads, forKey: .downloads)
            try container.encode(link.createdAt, forKey: .createdAt)
            try container.encode(link.expiresAt, forKey: .expiresAt)
            try container.encode(link.revokedAt, forKey: .revokedAt)
        }
    }

    /// The longest a link may stay open: a batch is enrolled in days or weeks, and a forgotten link should not
    /// outlive the year.
    static let longestEnrollmentLink: TimeInterval = 366 * 86_400

    @Sendable func createEnrollmentLink(_ request: Request, _ context: AdminContext) async throws -> Response {
        _ = try QueryReader(request, allowed: [])
        let input = try await body.decode(CreateEnrollmentLinkRequest.self, from: request)
        guard (input.platform ?? .ios) == .ios else {
            throw APIError.invalid("only ios enrolment links exist yet; Android enrolment comes with the Android Management API")
        }
        guard EnrollmentLink.usesRange.contains(input.maximumUses) else {
            throw APIError.invalid("maximumUses must be \(EnrollmentLink.usesRange.lowerBound) to \(EnrollmentLink.usesRange.upperBound)")
        }
        let now = clock.now
        guard input.expiresAt > now, input.expiresAt <= now.addingTimeInterval(Self.longestEnrollmentLink) else {
            throw APIError.invalid("expiresAt must be in the future and within 366 days")
        }
        let service = try enrollmentService()
        let link = try await service.createLink(
            ownership: input.ownership ?? .corporate, maximumUses: input.maximumUses, expiresAt: input.expiresAt,
            createdBy: context.administrator?.id
        )
        try await audit(context, "enrollment.link.create", target: "enrollment-link:\(link.id)", detail: .object([
            "ownership": .string(link.ownership.rawValue), "maximumUses": .number(Double(link.maximumUses)),
            "expiresAt": .string(ISO8601.format(link.expiresAt)),
        ]))
        return try json(view(link, service: service), status: .created)
    }

    @Sendable func listEnrollmentLinks(_ request: Request, _ context: AdminContext) async throws -> Response {
        _ = try QueryReader(request, allowed: [])
        let service = try enrollmentService()
        let links = try await storage.enrollmentLinks()
        return try json(ListResponse(items: links.map { view($0, service: service) }, nextCursor: nil))
    }

    @Sendable func getEnrollmentLink(_ request: Request, _ context: AdminContext) async throws -> Response {
        _ = try QueryReader(request, allowed: [])
        let service = try enrollmentService()
        guard let link = try await storage.enrollmentLink(context.parameters.get("id") ?? "") else {
            throw APIError.notFound("no enrolment link with this id")
        }
        return try json(view(link, service: service))
    }

    @Sendable func revokeEnrollmentLink(_ request: Request, _ context: AdminContext) async throws -> Response {
        _ = try QueryReader(request, allowed: [])
        let service = try enrollmentService()
        guard let link = try await storage.revokeEnrollmentLink(context.parameters.get("id") ?? "", at: clock.now) else {
            throw APIError.notFound("no enrolment link with this id")
        }
        try await audit(context, "enrollment.link.revoke", target: "enrollment-link:\(link.id)", detail: .object([
            "uses": .number(Double(link.uses)), "maximumUses": .number(Double(link.maximumUses)),
        ]))
        return try json(view(link, service: service))
    }

    private func view(_ link: EnrollmentLink, service: EnrollmentService) -> EnrollmentLinkView {
        EnrollmentLinkView(link: link, url: service.linkURL(link), state: link.state(at: clock.now))
    }
}
