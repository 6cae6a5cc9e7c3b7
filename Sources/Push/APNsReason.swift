/// The `reason` string from an APNs error body, such as `Unregistered` or `TopicDisallowed`.
///
/// A string wrapper rather than a closed enum: Apple adds reasons, and an unknown one must still reach
/// the administrator verbatim. The constants are the ones Palisade acts on or explains.
public struct APNsReason: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(stringLiteral value: String) {
        self.rawValue = value
    }

    public var description: String { rawValue }

    /// 400: the token is malformed or from the other environment (sandbox versus production).
    public static let badDeviceToken: APNsReason = "BadDeviceToken"
    /// 410: the device no longer accepts pushes on this token (unenrolled, wiped, or app removed).
    public static let unregistered: APNsReason = "Unregistered"
    /// 410: the token has expired.
    public static let expiredToken: APNsReason = "ExpiredToken"
    /// 400: the token belongs to another topic, usually another push certificate.
    public static let deviceTokenNotForTopic: APNsReason = "DeviceTokenNotForTopic"
    /// 400: no `apns-topic` header.
    public static let missingTopic: APNsReason = "MissingTopic"
    /// 400: the client certificate does not allow pushing to this topic.
    public static let topicDisallowed: APNsReason = "TopicDisallowed"
    /// 400: the topic is not valid.
    public static let badTopic: APNsReason = "BadTopic"
    /// 400: `apns-push-type` is missing or wrong for the topic.
    public static let invalidPushType: APNsReason = "InvalidPushType"
    /// 403: the client certificate was not valid.
    public static let badCertificate: APNsReason = "BadCertificate"
    /// 403: the client certificate is for the other environment.
    public static let badCertificateEnvironment: APNsReason = "BadCertificateEnvironment"
    /// 413: the body is over the size limit.
    public static let payloadTooLarge: APNsReason = "PayloadTooLarge"
    /// 429: too many requests to the same token.
    public static let tooManyRequests: APNsReason = "TooManyRequests"
    /// 503: the service is unavailable.
    public static let serviceUnavailable: APNsReason = "ServiceUnavailable"
    /// 500: an internal server error at Apple.
    public static let internalServerError: APNsReason = "InternalServerError"
}
