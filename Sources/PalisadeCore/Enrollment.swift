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
}
