import Foundation

/// Remembers the digests of signed messages the edge let through, so the same signature and body sent again
/// within `window` is recognised as a replay.
///
/// A value type with mutating methods; `InspectionGate` keeps one behind a lock. Memory is bounded by
/// `maximumEntries`: past it, the oldest digests are forgotten first (a replay older than that many messages
/// then goes unnoticed, which the window would usually have allowed anyway). Times come from the caller.
public struct ReplayGuard: Sendable {
    public let window: TimeInterval
    public let maximumEntries: Int
    private var seen: [ReplayDigest: Date] = [:]
    /// Digests in the order recorded; entries before `head` are gone.
    private var order: [(digest: ReplayDigest, at: Date)] = []
    private var head = 0

    public init(window: TimeInterval, maximumEntries: Int = 200_000) {
        precondition(maximumEntries > 0, "a replay guard remembers at least one digest")
        self.window = window
        self.maximumEntries = maximumEntries
    }

    /// How many digests are remembered now.
    public var count: Int { seen.count }

    /// `true` when `digest` was recorded less than `window` before `now`; otherwise records it and returns `false`.
    public mutating func isReplay(_ digest: ReplayDigest, at now: Date) -> Bool {
        expire(before: now.addingTimeInterval(-window))
        if let first = seen[digest], now.timeIntervalSince(first) < window {
            return true
        }
        seen[digest] = now
        order.append((digest, now))
        while seen.count > maximumEntries { dropOldest() }
        return false
    }

    private mutating func expire(before cutoff: Date) {
        while head < order.count, order[head].at <= cutoff { dropOldest() }
        if head > 1024, head * 2 > order.count {
            order.removeFirst(head)
            head = 0
        }
    }

    private mutating func dropOldest() {
        guard head < order.count else { return }
        let entry = order[head]
        // Only forget the digest if this entry is still the one remembered (it may have been re-recorded since).
        if seen[entry.digest] == entry.at { seen[entry.digest] = nil }
        head += 1
    }
}
