/// The management state of one app, as `ManagedApplicationList` reports it.
///
/// Apple's schema marks every key required, but devices leave several out for apps not from the App Store, so only
/// `Status` is required here. Its range list in the schema is the install-time one; devices also report
/// `Managed`, `ManagedButUninstalled`, `UserRejected` and others, so it is kept as text.
public struct ManagedApplicationStatus: Sendable, Hashable {
    public var status: String
    public var managementFlags: Int64?
    public var unusedRedemptionCode: String?
    public var hasConfiguration: Bool?
    public var hasFeedback: Bool?
    public var isValidated: Bool?
    public var externalVersionIdentifier: Int64?

    init(reader: PropertyListDictionaryReader) throws(DeviceMessageError) {
        status = try reader.string("Status")
        managementFlags = try reader.optionalInteger("ManagementFlags")
        unusedRedemptionCode = try reader.optionalString("UnusedRedemptionCode")
        hasConfiguration = try reader.optionalBool("HasConfiguration")
        hasFeedback = try reader.optionalBool("HasFeedback")
        isValidated = try reader.optionalBool("IsValidated")
        externalVersionIdentifier = try reader.optionalInteger("ExternalVersionIdentifier")
    }
}
