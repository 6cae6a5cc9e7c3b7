import Foundation

/// What the server keeps about one Apple MDM enrolment (a device channel, or a user enrolment): how to push to
/// it, which identity certificate it is bound to, and its sealed tokens.
public struct AppleEnrollment: Sendable, Hashable {
    /// The device's UDID for device enrolment, its EnrollmentID for user enrolment.
    public var enrollmentID: String
    public var deviceID: DeviceID
    public var kind: Enrollment.Kind
    /// SHA-256 (hex) of the identity certificate bound at Authenticate; every later message must be signed by it.
    public var identityFingerprint: String
    public var topic: String?
    /// The push token exactly as the device sent it (not assumed to be 32 bytes, nor unique across devices).
    public var pushToken: Data?
    public var pushMagic: String?
    /// Set when Apple answered 410 for the token; cleared by the next TokenUpdate.
    public var pushTokenInvalid: Bool
    /// Sealed with the key-encryption key; never stored in the clear.
    public var sealedUnlockToken: Data?
    public var sealedBootstrapToken: Data?
    public var awaitingConfiguration: Bool
    public var authenticatedAt: Date
    public var tokenUpdatedAt: Date?
    public var checkedOutAt: Date?

    public init(
        enrollmentID: String, deviceID: DeviceID, kind: Enrollment.Kind, identityFingerprint: String,
        topic: String? = nil, pushToken: Data? = nil, pushMagic: String? = nil, pushTokenInvalid: Bool = false,
        sealedUnlockToken: Data? = nil, sealedBootstrapToken: Data? = nil, awaitingConfiguration: Bool = false,
        authenticatedAt: Date, tokenUpdatedAt: Date? = nil, checkedOutAt: Date? = nil
    ) {
        self.enrollmentID = enrollmentID
        self.deviceID = deviceID
        self.kind = kind
        self.identityFingerprint = identityFingerprint
        self.topic = topic
        self.pushToken = pushToken
        self.pushMagic = pushMagic
        self.pushTokenInvalid = pushTokenInvalid
        self.sealedUnlockToken = sealedUnlockToken
        self.sealedBootstrapToken = sealedBootstrapToken
        self.awaitingConfiguration = awaitingConfiguration
        self.authenticatedAt = authenticatedAt
        self.tokenUpdatedAt = tokenUpdatedAt
        self.checkedOutAt = checkedOutAt
    }

    /// Whether the server can wake the device: it has a token and magic and Apple has not disowned the token.
    public var isPushable: Bool { pushToken != nil && pushMagic != nil && topic != nil && !pushTokenInvalid && checkedOutAt == nil }
}
