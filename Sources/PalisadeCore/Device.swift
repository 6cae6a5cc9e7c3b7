import Foundation

/// One managed (or about to be managed) phone or tablet, with the inventory facts the server holds about it.
///
/// Inventory fields are optional because a device reports them only after enrolment, and a pre-registered
/// device may be known by its serial number alone.
public struct Device: Codable, Sendable, Hashable, Identifiable {
    public var id: DeviceID
    public var platform: Platform
    public var ownership: Ownership
    /// A name an administrator or the device gave it ("Finance iPad 12").
    public var name: String?
    /// The maker as reported ("Apple", "Google", "samsung").
    public var maker: String?
    /// The maker's model identifier (`iPhone15,2`, `Pixel 8`, `SM-S921B`).
    public var model: String?
    public var osVersion: String?
    public var osBuild: String?
    /// Android's `YYYY-MM-DD` security patch level, as the device reports it.
    public var securityPatchLevel: String?
    public var serialNumber: String?
    public var imei: String?
    /// The platform's own device identifier (Apple UDID or enrolment ID, Android device name).
    public var hardwareID: String?
    public var enrollmentState: EnrollmentState
    public var enrolledAt: Date?
    /// The last time the device talked to the server.
    public var lastSeenAt: Date?
    /// Free labels for filtering and targeting, kept sorted and unique.
    public var tags: [String]
    public var createdAt: Date

    public init(
        id: DeviceID = DeviceID(),
        platform: Platform,
        ownership: Ownership = .corporate,
        name: String? = nil,
        maker: String? = nil,
        model: String? = nil,
        osVersion: String? = nil,
        osBuild: String? = nil,
        securityPatchLevel: String? = nil,
        serialNumber: String? = nil,
        imei: String? = nil,
        hardwareID: String? = nil,
        enrollmentState: EnrollmentState = .pending,
        enrolledAt: Date? = nil,
        lastSeenAt: Date? = nil,
        tags: [String] = [],
        createdAt: Date
    ) {
        self.id = id
        self.platform = platform
        self.ownership = ownership
        self.name = name
        self.maker = maker
        self.model = model
        self.osVersion = osVersion
        self.osBuild = osBuild
        self.securityPatchLevel = securityPatchLevel
        self.serialNumber = serialNumber
        self.imei = imei
        self.hardwareID = hardwareID
        self.enrollmentState = enrollmentState
        self.enrolledAt = enrolledAt
        self.lastSeenAt = lastSeenAt
        self.tags = Tag.normalized(tags)
        self.createdAt = createdAt
    }
}
