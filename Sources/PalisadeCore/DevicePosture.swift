import Foundation

/// The security facts compliance rules judge a device by: passcode, encryption, supervision and installed apps.
///
/// Each fact comes from a different command result (`SecurityInfo`, `DeviceInformation`,
/// `InstalledApplicationList` on Apple), so each is optional: `nil` means the device has not reported it, never
/// "false". A device that exists but has reported nothing has the all-`nil` posture `unreported(_:at:)`.
public struct DevicePosture: Codable, Sendable, Hashable {
    public var deviceID: DeviceID
    public var passcodePresent: Bool?
    /// Whether the passcode meets the device's passcode policy.
    public var passcodeCompliant: Bool?
    /// Apple: data protection is active (hardware block- and file-level encryption with a passcode set).
    public var encrypted: Bool?
    public var supervised: Bool?
    /// App identifiers (bundle IDs, package names), sorted and unique. Empty means "not reported" only when
    /// `appsReportedAt` is `nil`; otherwise the device reported no apps.
    public var installedApps: [String]
    /// When the device last reported its app list.
    public var appsReportedAt: Date?
    /// When any fact last changed.
    public var updatedAt: Date

    public init(
        deviceID: DeviceID, passcodePresent: Bool? = nil, passcodeCompliant: Bool? = nil, encrypted: Bool? = nil,
        supervised: Bool? = nil, installedApps: [String] = [], appsReportedAt: Date? = nil, updatedAt: Date
    ) {
        self.deviceID = deviceID
        self.passcodePresent = passcodePresent
        self.passcodeCompliant = passcodeCompliant
        self.encrypted = encrypted
        self.supervised = supervised
        self.installedApps = Self.normalizedApps(installedApps)
        self.appsReportedAt = appsReportedAt
        self.updatedAt = updatedAt
    }

    /// The posture of a device that has reported nothing yet.
    public static func unreported(_ deviceID: DeviceID, at date: Date) -> DevicePosture {
        DevicePosture(deviceID: deviceID, updatedAt: date)
    }

    /// Sorted and unique, without empty identifiers, so two reports of the same apps compare equal.
    public static func normalizedApps(_ identifiers: [String]) -> [String] {
        Set(identifiers.filter { !$0.isEmpty }).sorted()
    }

    private enum CodingKeys: String, CodingKey {
        case deviceID = "deviceId", passcodePresent, passcodeCompliant, encrypted, supervised, installedApps, appsReportedAt
        case updatedAt
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            deviceID: try container.decode(DeviceID.self, forKey: .deviceID),
            passcodePresent: try container.decodeIfPresent(Bool.self, forKey: .passcodePresent),
            passcodeCompliant: try container.decodeIfPresent(Bool.self, forKey: .passcodeCompliant),
            encrypted: try container.decodeIfPresent(Bool.self, forKey: .encrypted),
            supervised: try container.decodeIfPresent(Bool.self, forKey: .supervised),
            installedApps: try container.decode([String].self, forKey: .installedApps),
            appsReportedAt: try container.decodeIfPresent(Date.self, forKey: .appsReportedAt),
            updatedAt: try container.decode(Date.self, forKey: .updatedAt)
        )
    }

    /// Every field is written, unreported ones as `null`, so API clients see one fixed shape.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(deviceID, forKey: .deviceID)
        try container.encode(passcodePresent, forKey: .passcodePresent)
        try container.encode(passcodeCompliant, forKey: .passcodeCompliant)
        try container.encode(encrypted, forKey: .encrypted)
        try container.encode(supervised, forKey: .supervised)
        try container.encode(installedApps, forKey: .installedApps)
        try container.encode(appsReportedAt, forKey: .appsReportedAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}
