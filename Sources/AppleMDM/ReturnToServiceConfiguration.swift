import Foundation

/// `EraseDevice`'s `ReturnToService`: after the wipe the device re-enrols by itself, joining Wi-Fi with the given
/// profile and installing the given MDM profile.
public struct ReturnToServiceConfiguration: Sendable, Hashable {
    public var enabled: Bool
    public var wiFiProfileData: Data?
    public var mdmProfileData: Data?

    public init(enabled: Bool = true, wiFiProfileData: Data? = nil, mdmProfileData: Data? = nil) {
        self.enabled = enabled
        self.wiFiProfileData = wiFiProfileData
        self.mdmProfileData = mdmProfileData
    }

    var propertyList: PropertyListValue {
        var entries: [String: PropertyListValue] = ["Enabled": .bool(enabled)]
        if let wiFiProfileData { entries["WiFiProfileData"] = .data(wiFiProfileData) }
        if let mdmProfileData { entries["MDMProfileData"] = .data(mdmProfileData) }
        return .dictionary(entries)
    }
}
