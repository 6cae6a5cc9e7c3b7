import Foundation

/// One configuration profile installed on a device, as `ProfileList` reports it. `PayloadIdentifier` and
/// `PayloadUUID` are required, as in Apple's schema.
public struct InstalledProfile: Sendable, Hashable {
    public var payloadIdentifier: String
    public var payloadUUID: String
    public var payloadVersion: Int64?
    public var displayName: String?
    public var organization: String?
    public var payloadDescription: String?
    public var removalDisallowed: Bool?
    public var hasRemovalPasscode: Bool?
    public var isEncrypted: Bool?
    /// Installed by MDM rather than by the user.
    public var isManaged: Bool?
    /// DER certificates of the profile's signer, leaf first.
    public var signerCertificates: [Data]
    public var payloadContent: [InstalledProfilePayload]

    init(reader: PropertyListDictionaryReader) throws(DeviceMessageError) {
        payloadIdentifier = try reader.string("PayloadIdentifier")
        payloadUUID = try reader.string("PayloadUUID")
        payloadVersion = try reader.optionalInteger("PayloadVersion")
        displayName = try reader.optionalString("PayloadDisplayName")
        organization = try reader.optionalString("PayloadOrganization")
        payloadDescription = try reader.optionalString("PayloadDescription")
        removalDisallowed = try reader.optionalBool("PayloadRemovalDisallowed")
        hasRemovalPasscode = try reader.optionalBool("HasRemovalPasscode")
        isEncrypted = try reader.optionalBool("IsEncrypted")
        isManaged = try reader.optionalBool("IsManaged")
        signerCertificates = try reader.optionalDataArray("SignerCertificates") ?? []
        payloadContent = try (reader.optionalDictionaries("PayloadContent") ?? []).map { (item) throws(DeviceMessageError) in
            try InstalledProfilePayload(reader: item)
        }
    }
}
