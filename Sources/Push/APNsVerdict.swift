import Foundation

/// What one APNs answer means for the push that got it. Pure: status, header and body in, decision out.
enum APNsVerdict: Hashable, Sendable {
    /// 200: accepted, with the `apns-id` APNs answered (or the one sent, if APNs echoed none).
    case accepted(apnsID: String)
    /// 410 of any reason, or 400 `BadDeviceToken`: the token will never work again.
    case tokenInvalid(reason: APNsReason, since: Date?)
    /// Other 4xx: sending the same request again cannot succeed.
    case permanent(status: Int, reason: APNsReason?)
    /// 429 and 5xx, or a network failure: worth another attempt after a wait.
    case retryable(problem: String, retryAfterSeconds: Int?)
    /// The TLS handshake failed: the identity or trust roots are wrong, and retrying will not change that.
    case tlsRefused(String)

    static func classify(status: Int, apnsID: String?, retryAfter: String?, body: [UInt8], sentID: UUID?) -> APNsVerdict {
        let error = APNsErrorBody(body)
        switch status {
        case 200:
            return .accepted(apnsID: apnsID ?? sentID?.uuidString.lowercased() ?? "")
        case 410:
            return .tokenInvalid(reason: error.reason ?? .unregistered, since: error.timestamp)
        case 400 where error.reason == .badDeviceToken:
            // DeviceTokenNotForTopic stays a configuration error, not a dead token: it is what every token
            // answers when the wrong push certificate is loaded, and marking the whole fleet invalid for that
            // would be far worse than a loud refusal.
            return .tokenInvalid(reason: .badDeviceToken, since: error.timestamp)
        case 429, 500...599:
            let text = "\(status) \(error.reason?.rawValue ?? "")".trimmingCharacters(in: .whitespaces)
            return .retryable(problem: text, retryAfterSeconds: retryAfter.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) })
        default:
            return .permanent(status: status, reason: error.reason)
        }
    }
}

/// APNs' JSON error body: `{"reason": "...", "timestamp": <milliseconds since 1970>}`; both optional.
struct APNsErrorBody: Sendable {
    var reason: APNsReason?
    var timestamp: Date?

    init(_ body: [UInt8]) {
        guard !body.isEmpty,
              let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
        else { return }
        if let text = object["reason"] as? String, !text.isEmpty {
            reason = APNsReason(rawValue: text)
        }
        if let milliseconds = object["timestamp"] as? NSNumber {
            timestamp = Date(timeIntervalSince1970: milliseconds.doubleValue / 1000)
        }
    }
}
