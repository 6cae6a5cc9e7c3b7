import Foundation

/// `SetBootstrapToken` (supervised macOS): the device escrows its bootstrap token. A missing or empty token means
/// the server should delete the one it holds.
public struct SetBootstrapTokenMessage: Sendable, Hashable {
    public var identity: EnrollmentIdentity
    /// `nil` when the stored token must be removed.
    public var bootstrapToken: Data?
    public var awaitingConfiguration: Bool

    static let maximumTokenLength = 64 << 10

    public init(identity: EnrollmentIdentity, bootstrapToken: Data?, awaitingConfiguration: Bool = false) {
        self.identity = identity
        self.bootstrapToken = bootstrapToken
        self.awaitingConfiguration = awaitingConfiguration
    }

    var propertyListEntries: [String: PropertyListValue] {
        var entries = identity.propertyListEntries
        if let bootstrapToken { entries["BootstrapToken"] = .data(bootstrapToken) }
        entries["AwaitingConfiguration"] = .bool(awaitingConfiguration)
        return entries
    }

    init(reader: PropertyListDictionaryReader) throws(DeviceMessageError) {
        identity = try EnrollmentIdentity.read(from: reader)
        let token = try reader.optionalData("BootstrapToken", maximumLength: Self.maximumTokenLength)
        bootstrapToken = token?.isEmpty == false ? token : nil
        awaitingConfiguration = try reader.optionalBool("AwaitingConfiguration") ?? false
    }
}
