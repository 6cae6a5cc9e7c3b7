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

    private enum CodingKeys: String, CodingKey {
        case id, platform, ownership, name, maker, model, osVersion, osBuild, securityPatchLevel, serialNumber, imei
        case hardwareID = "hardwareId", enrollmentState, enrolledAt, lastSeenAt, tags, createdAt
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(DeviceID.self, forKey: .id),
            platform: try container.decode(Platform.self, forKey: .platform),
            ownership: try container.decode(Ownership.self, forKey: .ownership),
            name: try container.decodeIfPresent(String.self, forKey: .name),
            maker: try container.decodeIfPresent(String.self, forKey: .maker),
            model: try container.decodeIfPresent(String.self, forKey: .model),
            osVersion: try container.decodeIfPresent(String.self, forKey: .osVersion),
            osBuild: try container.decodeIfPresent(String.self, forKey: .osBuild),
            securityPatchLevel: try container.decodeIfPresent(String.self, forKey: .securityPatchLevel),
            serialNumber: try container.decodeIfPresent(String.self, forKey: .serialNumber),
            imei: try container.decodeIfPresent(String.self, forKey: .imei),
            hardwareID: try container.decodeIfPresent(String.self, forKey: .hardwareID),
            enrollmentState: try container.decode(EnrollmentState.self, forKey: .enrollmentState),
            enrolledAt: try container.decodeIfPresent(Date.self, forKey: .enrolledAt),
            lastSeenAt: try container.decodeIfPresent(Date.self, forKey: .lastSeenAt),
            tags: try container.decode([String].self, forKey: .tags),
            createdAt: try container.decode(Date.self, forKey: .createdAt)
        )
    }

    /// Every field is written, unknown ones as `null`, so API clients see one fixed shape.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(platform, forKey: .platform)
        try container.encode(ownership, forKey: .ownership)
        try container.encode(name, forKey: .name)
        try container.encode(maker, forKey: .maker)
        try container.encode(model, forKey: .model)
        try container.encode(osVersion, forKey: .osVersion)
        try container.encode(osBuild, forKey: .osBuild)
        try container.encode(securityPatchLevel, forKey: .securityPatchLevel)
        try container.encode(serialNumber, forKey: .serialNumber)
        try container.encode(imei, forKey: .imei)
        try container.encode(hardwareID, forKey: .hardwareID)
        try container.encode(enrollmentState, forKey: .enrollmentState)
        try container.encode(enrolledAt, forKey: .enrolledAt)
        try container.encode(lastSeenAt, forKey: .lastSeenAt)
        try container.encode(tags, forKey: .tags)
        try container.encode(createdAt, forKey: .createdAt)
    }
}
