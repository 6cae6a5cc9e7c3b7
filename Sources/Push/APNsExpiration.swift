import Foundation

/// How long APNs may hold an MDM push for a device that is offline (`apns-expiration`).
///
/// APNs keeps only the newest push per device and topic, so a time-to-live costs nothing and means a device
/// that comes back online inside the window still checks in; `.immediately` (`0`) makes APNs try once.
public enum APNsExpiration: Hashable, Sendable {
    /// `apns-expiration: 0`: deliver now or drop.
    case immediately
    /// `apns-expiration: <now + ttl, UNIX seconds>`. Refuses nothing; a zero or negative duration behaves as `.immediately`.
    case after(Duration)

    /// The header value at `now`.
    func headerValue(at now: Date) -> String {
        switch self {
        case .immediately:
            return "0"
        case .after(let ttl):
            let seconds = ttl.components.seconds
            guard seconds > 0 else { return "0" }
            return String(Int64(now.timeIntervalSince1970.rounded(.down)) + seconds)
        }
    }
}
