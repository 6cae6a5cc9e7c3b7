import Foundation
import Hummingbird
import PalisadeCore

extension AdminAPI {
    /// Detail of one device: the device, the groups it is in, and its enrolments.
    struct DeviceDetail: Encodable, Sendable {
        var device: Device
        var groups: [DeviceGroup]
        var enrollments: [Enrollment]
    }

    /// `GET /api/devices/{id}/posture`'s answer: the stored posture, or, for a device that has reported nothing,
    /// the same shape with every fact null and `updatedAt` null, so that "not reported" is never read as "false".
    struct PostureView: Encodable, Sendable {
        var deviceID: DeviceID
        var posture: DevicePosture?

        private enum CodingKeys: String, CodingKey {
            case deviceID = "deviceId", passcodePresent, passcodeCompliant, encrypted, supervised, installedApps, appsReportedAt
            case updatedAt
        }

        func encode(to encoder: any Encoder) throws {
            if let posture { return try posture.encode(to: encoder) }
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(deviceID, forKey: .deviceID)
            for key in [CodingKeys.passcodePresent, .passcodeCompliant, .encrypted, .supervised, .appsReportedAt, .updatedAt] {
                try container.encodeNil(forKey: key)
            }
            try container.encode([String](), forKey: .installedApps)
        }
    }

    @Sendable func listDevices(_ request: Request, _ context: AdminContext) async throws -> Response {
        let query = try QueryReader(request, allowed: QueryReader.paging.union([
            "platform", "ownership", "state", "maker", "model", "osVersion", "tag", "group", "lastSeenBefore", "q",
        ]))
        let filter = DeviceFilter(
            platform: try query.choice("platform", Platform.self),
            ownership: try query.choice("ownership", Ownership.self),
            enrollmentState: try query.choice("state", EnrollmentState.self),
            maker: try query.string("maker"), model: try query.string("model"), osVersion: try query.string("osVersion"),
            tag: try query.string("tag"), groupID: try query.uuid("group"), lastSeenBefore: try query.date("lastSeenBefore"),
            search: try query.string("q")
        )
        let page = try await storage.devices(matching: filter, page: try query.page())
        let total = try await storage.countDevices(matching: filter)
        return try json(ListResponse(items: page.items, nextCursor: page.nextCursor, total: total))
    }

    @Sendable func createDevice(_ request: Request, _ context: AdminContext) async throws -> Response {
        _ = try QueryReader(request, allowed: [])
        let input = try await body.decode(CreateDeviceRequest.self, from: request)
        try input.validate()
        let device = Device(
            platform: input.platform, ownership: input.ownership ?? .corporate, name: input.name, maker: input.maker,
            model: input.model, serialNumber: input.serialNumber, imei: input.imei, tags: input.tags ?? [],
            createdAt: clock.now
        )
        do {
            try await storage.createDevice(device)
        } catch StoreError.conflict {
            throw APIError.conflict("a device with serial number \(input.serialNumber ?? "") is already registered")
        }
        try await audit(context, "device.create", target: "device:\(device.id)", detail: .object(["platform": .string(device.platform.rawValue)]))
        return try json(device, status: .created)
    }

    @Sendable func getDevice(_ request: Request, _ context: AdminContext) async throws -> Response {
        _ = try QueryReader(request, allowed: [])
        let id = try deviceID(context)
        guard let device = try await storage.device(id) else { throw APIError.notFound("no device with id \(id)") }
        let groups = try await storage.groups(containing: id)
        let enrollments = try await storage.enrollments(of: id)
        return try json(DeviceDetail(device: device, groups: groups, enrollments: enrollments))
    }

    @Sendable func getDevicePosture(_ request: Request, _ context: AdminContext) async throws -> Response {
        _ = try QueryReader(request, allowed: [])
        let id = try deviceID(context)
        guard try await storage.device(id) != nil else { throw APIError.notFound("no device with id \(id)") }
        return try json(PostureView(deviceID: id, posture: try await storage.posture(of: id)))
    }

    @Sendable func updateDevice(_ request: Request, _ context: AdminContext) async throws -> Response {
        let id = try deviceID(context)
        _ = try QueryReader(request, allowed: [])
        let input = try await body.decode(UpdateDeviceRequest.self, from: request)
        try input.validate()
        guard var device = try await storage.device(id) else { throw APIError.notFound("no device with id \(id)") }
        if let name = input.name { device.name = name }
        if let ownership = input.ownership { device.ownership = ownership }
        if let tags = input.tags { device.tags = Tag.normalized(tags) }
        try await storage.updateDevice(device)
        try await audit(context, "device.update", target: "device:\(id)")
        return try json(device)
    }

    @Sendable func deleteDevice(_ request: Request, _ context: AdminContext) async throws -> Response {
        _ = try QueryReader(request, allowed: [])
        let id = try deviceID(context)
        guard try await storage.deleteDevice(id) else { throw APIError.notFound("no device with id \(id)") }
        try await audit(context, "device.delete", target: "device:\(id)")
        return noContent()
    }

    /// `POST /api/devices/{id}/identity/revoke`: body `{"reason": "keyCompromise" | "affiliationChanged" |
    /// "superseded" | "cessationOfOperation" | "unspecified"}` (optional).
    struct RevokeIdentityRequest: Decodable, Sendable {
        var reason: String?

        private enum CodingKeys: String, CodingKey, CaseIterable { case reason }

        init(reason: String? = nil) { self.reason = reason }

        init(from decoder: any Decoder) throws {
            let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
            reason = try container.decodeIfPresentRefusingNull(String.self, forKey: .reason)
        }
    }

    static let revocationReasons: [String: Int] = [
        "unspecified": 0, "keyCompromise": 1, "affiliationChanged": 3, "superseded": 4, "cessationOfOperation": 5,
    ]

    /// Revokes the identity certificates of a device's enrolments: its next message is refused (403) and the CA's
    /// revocation list names them. The device must enrol again to be managed.
    @Sendable func revokeDeviceIdentity(_ request: Request, _ context: AdminContext) async throws -> Response {
        _ = try QueryReader(request, allowed: [])
        let id = try deviceID(context)
        let input = try await body.decode(RevokeIdentityRequest.self, from: request, absent: RevokeIdentityRequest())
        let reasonName = input.reason ?? "unspecified"
        guard let reason = Self.revocationReasons[reasonName] else {
            throw APIError.invalid("reason must be one of \(Self.revocationReasons.keys.sorted().joined(separator: ", "))")
        }
        guard try await storage.device(id) != nil else { throw APIError.notFound("no device with id \(id)") }
        var revoked: [String] = []
        for enrollment in try await storage.appleEnrollments(of: id) {
            guard let issued = try await storage.issuedCertificate(fingerprint: enrollment.identityFingerprint) else { continue }
            if try await storage.revokeCertificate(serial: issued.serial, at: clock.now, reason: reason) {
                revoked.append(issued.serial)
            }
        }
        guard !revoked.isEmpty else {
            throw APIError(.conflict, "invalid_state", "device \(id) has no live identity certificate to revoke")
        }
        try await audit(context, "device.identity.revoke", target: "device:\(id)", detail: .object([
            "serials": .array(revoked.map(JSONValue.string)), "reason": .string(reasonName),
        ]))
        return try json(JSONValue.object(["revoked": .array(revoked.map(JSONValue.string)), "reason": .string(reasonName)]))
    }
}
