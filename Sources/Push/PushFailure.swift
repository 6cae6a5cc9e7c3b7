import Foundation

/// Why a push was not accepted, sorted by what the caller should do next.
///
/// `tokenInvalid` is the one the core must act on per device (stop pushing until a new TokenUpdate);
/// `rejected` and `tlsRefused` point at configuration (certificate, topic, environment); `gaveUp` is
/// transient trouble that outlasted the retry budget.
public enum PushFailure: Error, Hashable, Sendable, CustomStringConvertible {
    /// APNs says the token is dead (410, or 400 `BadDeviceToken`). `since` is Apple's `timestamp` when given:
    /// the moment the token stopped being valid.
    case tokenInvalid(reason: APNsReason, since: Date?)
    /// A permanent refusal (400, 403, 405, 413 and other 4xx): retrying the same request cannot succeed.
    case rejected(status: Int, reason: APNsReason?)
    /// The TLS handshake failed: the push certificate, its key, or the trust root is wrong.
    case tlsRefused(String)
    /// Every attempt met a retryable answer (429, 5xx) or a network failure; `lastProblem` is the final one.
    case gaveUp(attempts: Int, lastProblem: String)
    /// The sender was shut down before the push could go out.
    case senderShutDown

    public var description: String {
        switch self {
        case .tokenInvalid(let reason, let since):
            let when = since.map { " since \($0)" } ?? ""
            return "token invalid (\(reason))\(when): stop pushing until the device sends a new TokenUpdate"
        case .rejected(let status, let reason):
            return "APNs refused the push permanently: \(status) \(reason?.rawValue ?? "(no reason)")"
        case .tlsRefused(let detail):
            return "TLS to APNs failed (check the push certificate, its key and the trust roots): \(detail)"
        case .gaveUp(let attempts, let lastProblem):
            return "gave up after \(attempts) attempts; last problem: \(lastProblem)"
        case .senderShutDown:
            return "the push sender was shut down"
        }
    }
}
