/// One app on a device, as `InstalledApplicationList` reports it. Every key is optional (the request's `Items`
/// can limit them); present keys of the wrong type are refused.
public struct InstalledApplication: Sendable, Hashable {
    public var identifier: String?
    public var name: String?
    public var version: String?
    public var shortVersion: String?
    public var externalVersionIdentifier: Int64?
    public var distributorIdentifier: String?
    public var bundleSize: Int64?
    public var dynamicSize: Int64?
    public var isValidated: Bool?
    public var installing: Bool?
    public var appStoreVendable: Bool?
    public var deviceBasedVPP: Bool?
    public var betaApp: Bool?
    public var adHocCodeSigned: Bool?
    public var hasUpdateAvailable: Bool?
    public var isAppClip: Bool?
    public var source: String?

    init(reader: PropertyListDictionaryReader) throws(DeviceMessageError) {
        identifier = try reader.optionalString("Identifier")
        name = try reader.optionalString("Name")
        version = try reader.optionalString("Version")
        shortVersion = try reader.optionalString("ShortVersion")
        externalVersionIdentifier = try reader.optionalInteger("ExternalVersionIdentifier")
        distributorIdentifier = try reader.optionalString("DistributorIdentifier")
        bundleSize = try reader.optionalInteger("BundleSize")
        dynamicSize = try reader.optionalInteger("DynamicSize")
        isValidated = try reader.optionalBool("IsValidated")
        installing = try reader.optionalBool("Installing")
        appStoreVendable = try reader.optionalBool("AppStoreVendable")
        deviceBasedVPP = try reader.optionalBool("DeviceBasedVPP")
        betaApp = try reader.optionalBool("BetaApp")
        adHocCodeSigned = try reader.optionalBool("AdHocCodeSigned")
        hasUpdateAvailable = try reader.optionalBool("HasUpdateAvailable")
        isAppClip = try reader.optionalBool("IsAppClip")
        source = try reader.optionalString("Source")
    }
}
