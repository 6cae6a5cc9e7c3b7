/// One payload inside an installed profile, as `ProfileList` describes it.
public struct InstalledProfilePayload: Sendable, Hashable {
    public var payloadType: String
    public var payloadIdentifier: String
    public var payloadUUID: String
    public var payloadVersion: Int64?
    public var displayName: String?
    public var payloadDescription: String?
    public var organization: String?

    init(reader: PropertyListDictionaryReader) throws(DeviceMessageError) {
        payloadType = try reader.string("PayloadType")
        payloadIdentifier = try reader.string("PayloadIdentifier")
        payloadUUID = try reader.string("PayloadUUID")
        payloadVersion = try reader.optionalInteger("PayloadVersion")
        displayName = try reader.optionalString("PayloadDisplayName")
        payloadDescription = try reader.optionalString("PayloadDescription")
        organization = try reader.optionalString("PayloadOrganization")
    }
}
