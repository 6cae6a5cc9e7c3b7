import Foundation

/// `DeclarativeManagement`: a Declarative Device Management request carried over check-in. The reply is JSON
/// (`CheckinReply.declarativeManagement(json:)`); for `status` the `Data` holds the device's JSON status report
/// (read it with `DeclarativeStatusReport.parse(_:)`).
///
/// Apple's schema marks `EnrollmentUserID` and `UserLongName` required; they are only sent on the macOS user
/// channel, so they are optional here.
public struct DeclarativeManagementMessage: Sendable, Hashable {
    public var identity: EnrollmentIdentity
    public var endpoint: DeclarativeManagementEndpoint
    /// JSON sent by the device, already base64-decoded by the property-list reader.
    public var data: Data?

    public init(identity: EnrollmentIdentity, endpoint: DeclarativeManagementEndpoint, data: Data? = nil) {
        self.identity = identity
        self.endpoint = endpoint
        self.data = data
    }

    var propertyListEntries: [String: PropertyListValue] {
        var entries = identity.propertyListEntries
        entries["Endpoint"] = .string(endpoint.description)
        if let data { entries["Data"] = .data(data) }
        return entries
    }

    init(reader: PropertyListDictionaryReader) throws(DeviceMessageError) {
        identity = try EnrollmentIdentity.read(from: reader)
        let endpointText = try reader.string("Endpoint")
        guard let endpoint = DeclarativeManagementEndpoint(endpointText) else {
            throw .invalidValue(key: "Endpoint", reason: "is not a Declarative Device Management endpoint")
        }
        self.endpoint = endpoint
        data = try reader.optionalData("Data")
    }
}
