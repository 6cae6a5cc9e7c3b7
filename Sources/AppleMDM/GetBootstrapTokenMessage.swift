/// `GetBootstrapToken` (supervised macOS): the device asks for its escrowed bootstrap token; answer with
/// `CheckinReply.bootstrapToken(_:)`.
public struct GetBootstrapTokenMessage: Sendable, Hashable {
    public var identity: EnrollmentIdentity
    public var awaitingConfiguration: Bool

    public init(identity: EnrollmentIdentity, awaitingConfiguration: Bool = false) {
        self.identity = identity
        self.awaitingConfiguration = awaitingConfiguration
    }

    var propertyListEntries: [String: PropertyListValue] {
        identity.propertyListEntries.merging(["AwaitingConfiguration": .bool(awaitingConfiguration)]) { $1 }
    }

    init(reader: PropertyListDictionaryReader) throws(DeviceMessageError) {
        identity = try EnrollmentIdentity.read(from: reader)
        awaitingConfiguration = try reader.optionalBool("AwaitingConfiguration") ?? false
    }
}
