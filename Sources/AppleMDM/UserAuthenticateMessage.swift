/// `UserAuthenticate` (macOS user channel): a network or mobile user is logging in. The first request has no
/// `DigestResponse`; the server answers with a `DigestChallenge` (empty when it needs no password), or with HTTP 410
/// to decline managing the user. The second request carries the `DigestResponse`. See `UserAuthenticateReply`.
///
/// Apple's schema marks `DigestResponse` required because it describes the second request; it is optional here so
/// the first request parses.
public struct UserAuthenticateMessage: Sendable, Hashable {
    public var identity: EnrollmentIdentity
    /// The digest the device computed from the user's password and the server's challenge; `nil` on the first
    /// request.
    public var digestResponse: String?

    /// The user's Open Directory GUID.
    public var userID: String { identity.user?.userID ?? "" }

    public init(identity: EnrollmentIdentity, digestResponse: String? = nil) {
        self.identity = identity
        self.digestResponse = digestResponse
    }

    var propertyListEntries: [String: PropertyListValue] {
        var entries = identity.propertyListEntries
        if let digestResponse { entries["DigestResponse"] = .string(digestResponse) }
        return entries
    }

    init(reader: PropertyListDictionaryReader) throws(DeviceMessageError) {
        identity = try EnrollmentIdentity.read(from: reader)
        guard case .device = identity.enrollment else {
            throw .invalidValue(key: "EnrollmentID", reason: "is not allowed in UserAuthenticate")
        }
        guard identity.user?.userID != nil else { throw .missingKey("UserID") }
        digestResponse = try reader.optionalString("DigestResponse", .displayText(maximumLength: 4096))
    }
}
