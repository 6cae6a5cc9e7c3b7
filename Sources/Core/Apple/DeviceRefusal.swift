/// Why a device request was refused, as the device will see it. Never 401: Apple devices remove their MDM
/// enrolment when they see one.
public enum DeviceRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// 400: the body is not a message Palisade accepts (malformed, hostile, wrong types).
    case badRequest(String)
    /// 403: the sender is not who the message claims (unsigned, unknown or revoked identity, another device's).
    case forbidden(String)
    /// 404: the thing asked for does not exist (an unknown declaration).
    case notFound(String)
    /// 410: the protocol's way to decline (UserAuthenticate), or an invitation that is spent or expired.
    case gone(String)
    /// 413: larger than any genuine message.
    case tooLarge
    /// 429: too many asked of something bounded (an enrolment link's outstanding challenges); retry later.
    case tooManyRequests(String)
    /// 503: the server cannot answer now; the device retries.
    case unavailable(String)

    public var status: Int {
        switch self {
        case .badRequest: 400
        case .forbidden: 403
        case .notFound: 404
        case .gone: 410
        case .tooLarge: 413
        case .tooManyRequests: 429
        case .unavailable: 503
        }
    }

    public var description: String {
        switch self {
        case .badRequest(let text), .forbidden(let text), .notFound(let text), .gone(let text), .tooManyRequests(let text), .unavailable(let text): text
        case .tooLarge: "the request is too large"
        }
    }
}
