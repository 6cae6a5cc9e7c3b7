import Foundation

/// Holds every wipe once too many arrive in a window: a breached core (or a mistaken bulk action) cannot erase the
/// fleet even with approvals in hand, because after `limit` wipes within `window` the next one and all after it wait
/// until approvers sign a release naming this trip. Pure: the edge feeds it times and signed releases.
public struct WipeCircuitBreaker: Sendable {
    public enum Decision: Sendable, Equatable {
        case allow
        /// Held: the breaker tripped at this time and has not been released.
        case hold(trippedAt: Int64)
    }

    public let limit: Int
    public let window: TimeInterval
    /// Wipes let through within the window, oldest first (whole seconds).
    private var recent: [Int64] = []
    /// When it tripped; `nil` while closed.
    public private(set) var trippedAt: Int64?

    /// Defaults: more than 10 wipes in 20 minutes trips it.
    public init(limit: Int = 10, window: TimeInterval = 20 * 60) {
        self.limit = limit
        self.window = window
    }

    /// Whether one more wipe may go out at `now`; a wipe that is allowed is counted.
    public mutating func admit(at now: Date) -> Decision {
        let seconds = Int64(now.timeIntervalSince1970)
        if let trippedAt { return .hold(trippedAt: trippedAt) }
        recent.removeAll { Double(seconds - $0) >= window }
        guard recent.count < limit else {
            trippedAt = seconds
            return .hold(trippedAt: seconds)
        }
        recent.append(seconds)
        return .allow
    }

    /// The statement approvers sign to release the breaker tripped at `trippedAt`, valid until `expiresAt`.
    public static func releaseStatement(trippedAt: Int64, expiresAt: Date) -> [UInt8] {
        Array("palisade-wipe-release-v1\ntripped-at:\(trippedAt)\nexpires:\(Int64(expiresAt.timeIntervalSince1970))\n".utf8)
    }

    /// Closes the breaker when `signatures` over the release statement for the current trip, unexpired, come from
    /// at least `required` distinct approvers. A release for an earlier trip, an expired one, or one short of the
    /// quorum leaves it holding.
    public mutating func release(
        expiresAt: Date, signatures: [ApprovalSignature], quorum: ApprovalQuorum, required: Int, now: Date
    ) -> Result<Void, ApprovalQuorum.Refusal> {
        guard let trippedAt else { return .success(()) }
        guard now < expiresAt else { return .failure(.expired) }
        let statement = Self.releaseStatement(trippedAt: trippedAt, expiresAt: expiresAt)
        if case .failure(let refusal) = quorum.approvers(of: statement, signatures: signatures, excluding: nil, required: required) {
            return .failure(refusal)
        }
        self.trippedAt = nil
        recent.removeAll()
        return .success(())
    }
}
