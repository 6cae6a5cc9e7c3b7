import Foundation

/// One enrolment of a device into management: a device that is wiped and enrolled again gets a new one.
public struct Enrollment: Codable, Sendable, Hashable, Identifiable {
    /// How the device came under management.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// Apple device enrolment (profile or automated), the whole device managed.
        case appleDevice
        /// Apple user enrolment of a personally owned device: a managed partition only.
        case appleUser
        /// Android fully managed device.
        case androidFullyManaged
        /// Android work profile on a personally owned device.
        case androidWorkProfile
    }

    public var id: UUID
    public var deviceID: DeviceID
    public var kind: Kind
    /// The platform's enrolment identifier (Apple UDID or EnrollmentID, Android device resource name).
    public var externalID: String
    public var enrolledAt: Date
    /// When management ended; `nil` while the enrolment is live.
    public var endedAt: Date?

    public init(id: UUID = UUID(), deviceID: DeviceID, kind: Kind, externalID: String, enrolledAt: Date, endedAt: Date? = nil) {
        self.id = id
        self.deviceID = deviceID
        self.kind = kind
        self.externalID = externalID
        self.enrolledAt = enrolledAt
        self.endedAt = endedAt
    }

    public var isActive: Bool { endedAt == nil }

    private enum CodingKeys: String, CodingKey { case id, deviceID = "deviceId", kind, externalID = "externalId", enrolledAt, endedAt }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(UUID.self, forKey: .id)
        deviceID = try container.decode(DeviceID.self, forKey: .deviceID)
        kind = try container.decode(Kind.self, forKey: .kind)
        externalID = try container.decode(String.self, forKey: .externalID)
        enrolledAt = try container.decode(Date.self, forKey: .enrolledAt)
        endedAt = try container.decodeIfPresent(Date.self, forKey: .endedAt)
    }

    /// Identifiers are written in lower case, like device ids; `endedAt` is `null` while the enrolment is live.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id.uuidString.lowercased(), forKey: .id)
        try container.encode(deviceID, forKey: .deviceID)
        try container.encode(kind, forKey: .kind)
        try container.encode(externalID, forKey: .externalID)
        try container.encode(enrolledAt, forKey: .enrolledAt)
        try container.encode(endedAt, forKey: .endedAt)
    }
}
