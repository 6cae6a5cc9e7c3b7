import Foundation

/// One OS update a device is offered, as `AvailableOSUpdates` reports it.
///
/// Only `ProductKey` is required: Apple's schema marks a dozen keys required, but older OS versions and
/// configuration-data updates leave several out, and one missing size must not hide the update from patch
/// intelligence.
public struct AvailableOSUpdate: Sendable, Hashable {
    public var productKey: String
    public var humanReadableName: String?
    public var productName: String?
    public var version: String?
    public var build: String?
    public var downloadSize: Int64?
    public var installSize: Int64?
    public var isCritical: Bool?
    public var isSecurityResponse: Bool?
    public var isConfigDataUpdate: Bool?
    public var isFirmwareUpdate: Bool?
    public var isMajorOSUpdate: Bool?
    public var restartRequired: Bool?
    public var allowsInstallLater: Bool?
    public var requiresBootstrapToken: Bool?
    public var deferredUntil: Date?
    public var supplementalBuildVersion: String?
    public var supplementalOSVersionExtra: String?
    public var appIdentifiersToClose: [String]

    init(reader: PropertyListDictionaryReader) throws(DeviceMessageError) {
        productKey = try reader.string("ProductKey")
        humanReadableName = try reader.optionalString("HumanReadableName")
        productName = try reader.optionalString("ProductName")
        version = try reader.optionalString("Version")
        build = try reader.optionalString("Build")
        downloadSize = try reader.optionalInteger("DownloadSize")
        installSize = try reader.optionalInteger("InstallSize")
        isCritical = try reader.optionalBool("IsCritical")
        isSecurityResponse = try reader.optionalBool("IsSecurityResponse")
        isConfigDataUpdate = try reader.optionalBool("IsConfigDataUpdate")
        isFirmwareUpdate = try reader.optionalBool("IsFirmwareUpdate")
        isMajorOSUpdate = try reader.optionalBool("IsMajorOSUpdate")
        restartRequired = try reader.optionalBool("RestartRequired")
        allowsInstallLater = try reader.optionalBool("AllowsInstallLater")
        requiresBootstrapToken = try reader.optionalBool("RequiresBootstrapToken")
        deferredUntil = try reader.optionalDate("DeferredUntil")
        supplementalBuildVersion = try reader.optionalString("SupplementalBuildVersion")
        supplementalOSVersionExtra = try reader.optionalString("SupplementalOSVersionExtra")
        appIdentifiersToClose = try reader.optionalStrings("AppIdentifiersToClose") ?? []
    }
}
