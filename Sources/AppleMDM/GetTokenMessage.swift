/// `GetToken`: the device asks the server for a token for another Apple service (`com.apple.maid` for Managed
/// Apple Account sign-in, `com.apple.watch.pairing` for watch enrolment). Answer with `CheckinReply.token(_:)`.
///
/// The service type is kept as text rather than an enum so that a service Apple adds later reaches the core, which
/// decides; it must still be printable ASCII of at most 128 bytes.
public struct GetTokenMessage: Sendable, Hashable {
    public static let managedAppleAccountService = "com.apple.maid"
    public static let watchPairingService = "com.apple.watch.pairing"

    public var identity: EnrollmentIdentity
    public var tokenServiceType: String
    /// `SecurityToken`, `PhoneUDID`, `WatchUDID` and whatever else the service needs.
    public var tokenParameters: [String: PropertyListValue]

    public init(identity: EnrollmentIdentity, tokenServiceType: String, tokenParameters: [String: PropertyListValue] = [:]) {
        self.identity = identity
        self.tokenServiceType = tokenServiceType
        self.tokenParameters = tokenParameters
    }

    var propertyListEntries: [String: PropertyListValue] {
        var entries = identity.propertyListEntries
        entries["TokenServiceType"] = .string(tokenServiceType)
        if !tokenParameters.isEmpty { entries["TokenParameters"] = .dictionary(tokenParameters) }
        return entries
    }

    init(reader: PropertyListDictionaryReader) throws(DeviceMessageError) {
        identity = try EnrollmentIdentity.read(from: reader)
        tokenServiceType = try reader.string("TokenServiceType", .printableASCII(maximumLength: 128))
        tokenParameters = try reader.optionalDictionary("TokenParameters")?.entries ?? [:]
    }
}
