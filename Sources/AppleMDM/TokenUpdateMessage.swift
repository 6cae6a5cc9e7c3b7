import Foundation

/// `TokenUpdate`: the device (or a user on the user channel) hands over what the server needs to wake it through
/// APNs, and on the device channel perhaps an unlock token.
///
/// `Token` is kept exactly as sent: APNs tokens have been 32 bytes but Apple reserves the right to lengthen them,
/// so any length from 1 to 1,024 bytes is accepted. Refuses a missing `Topic`, `Token` or `PushMagic`.
/// `NotOnConsole` and `UserLongName` are marked required by Apple's schema but only for the macOS user channel, so
/// they are optional here.
public struct TokenUpdateMessage: Sendable, Hashable {
    public var identity: EnrollmentIdentity
    public var topic: String
    /// The APNs device token.
    public var token: Data
    /// Sent back in every push so the device knows it is from its server.
    public var pushMagic: String
    /// Lets the server clear the passcode later; secret at rest.
    public var unlockToken: Data?
    /// The device waits in Setup Assistant for `DeviceConfigured` (or `UserConfigured` on the user channel).
    public var awaitingConfiguration: Bool
    /// macOS user channel: the user is not at the console.
    public var notOnConsole: Bool?

    static let maximumTokenLength = 1024
    static let maximumUnlockTokenLength = 64 << 10

    public init(
        identity: EnrollmentIdentity, topic: String, token: Data, pushMagic: String, unlockToken: Data? = nil,
        awaitingConfiguration: Bool = false, notOnConsole: Bool? = nil
    ) {
        self.identity = identity
        self.topic = topic
        self.token = token
        self.pushMagic = pushMagic
        self.unlockToken = unlockToken
        self.awaitingConfiguration = awaitingConfiguration
        self.notOnConsole = notOnConsole
    }

    var propertyListEntries: [String: PropertyListValue] {
        var entries = identity.propertyListEntries
        entries["Topic"] = .string(topic)
        entries["Token"] = .data(token)
        entries["PushMagic"] = .string(pushMagic)
        entries["AwaitingConfiguration"] = .bool(awaitingConfiguration)
        if let unlockToken { entries["UnlockToken"] = .data(unlockToken) }
        if let notOnConsole { entries["NotOnConsole"] = .bool(notOnConsole) }
        return entries
    }

    init(reader: PropertyListDictionaryReader) throws(DeviceMessageError) {
        identity = try EnrollmentIdentity.read(from: reader)
        topic = try reader.string("Topic", CheckinMessage.topicRule)
        token = try reader.data("Token", maximumLength: Self.maximumTokenLength)
        guard !token.isEmpty else { throw .invalidValue(key: "Token", reason: "must not be empty") }
        pushMagic = try reader.string("PushMagic", .printableASCII(maximumLength: 128))
        unlockToken = try reader.optionalData("UnlockToken", maximumLength: Self.maximumUnlockTokenLength)
        awaitingConfiguration = try reader.optionalBool("AwaitingConfiguration") ?? false
        notOnConsole = try reader.optionalBool("NotOnConsole")
    }
}
