import Crypto
import Foundation
import PalisadeCore
import Synchronization

/// The signed Authenticate messages the core has acted on lately, so that an exact copy (the same `Mdm-Signature`
/// over the same body) is answered without effect.
///
/// The edge serves an identical signed message again within its freshness window, as it must: a client that sends
/// the same message twice in one second sends the same bytes twice. Results and token updates are idempotent in
/// themselves; an Authenticate is not: acted on again, it would store the enrolment afresh and clear its push token.
/// A device sends one Authenticate per enrolment (a retry after a refusal is acted on, since only messages acted on
/// are recorded), so a copy is recognised here and accepted without change.
///
/// Idle is deliberately not held to this: a device whose two sessions fall in the same second sends two identical
/// Idles, and the second must be handed what was queued in between (docs/configuration.md says what a copy gains).
///
/// Memory is bounded by `maximumEntries` and by `window` (longer than any edge's freshness window: a copy older
/// than that is refused at the edge). Past the bound, the oldest are forgotten first. Per core: with several cores
/// behind one edge, a copy that reaches another core is judged by that core's memory alone.
final class RecentMessages: Sendable {
    struct State {
        var seen: [Digest: Date] = [:]
        /// Digests in the order recorded; entries before `head` are gone.
        var order: [(digest: Digest, at: Date)] = []
        var head = 0
    }

    /// SHA-256 over the signature header, a zero byte and the body.
    struct Digest: Hashable, Sendable {
        let bytes: [UInt8]

        init(signature: String, body: Data) {
            var hasher = SHA256()
            hasher.update(data: Data(signature.utf8))
            hasher.update(data: Data([0]))
            hasher.update(data: body)
            bytes = Array(hasher.finalize())
        }
    }

    let window: TimeInterval
    let maximumEntries: Int
    private let state = Mutex(State())

    init(window: TimeInterval = 3600, maximumEntries: Int = 200_000) {
        precondition(maximumEntries > 0, "remembers at least one message")
        self.window = window
        self.maximumEntries = maximumEntries
    }

    /// Whether a message with this digest was acted on within `window` before `now`.
    func wasServed(_ digest: Digest, at now: Date) -> Bool {
        state.withLock { state in
            Self.expire(&state, before: now.addingTimeInterval(-window))
            return state.seen[digest].map { now.timeIntervalSince($0) < window } ?? false
        }
    }

    /// Records a message once it has been acted on, so that a request that failed (503) can be sent again as it was.
    func served(_ digest: Digest, at now: Date) {
        state.withLock { state in
            guard state.seen[digest] == nil else { return }
            state.seen[digest] = now
            state.order.append((digest, now))
            while state.seen.count > maximumEntries { Self.dropOldest(&state) }
        }
    }

    var count: Int { state.withLock { $0.seen.count } }

    private static func expire(_ state: inout State, before cutoff: Date) {
        while state.head < state.order.count, state.order[state.head].at <= cutoff { dropOldest(&state) }
        if state.head > 1024, state.head * 2 > state.order.count {
            state.order.removeFirst(state.head)
            state.head = 0
        }
    }

    private static func dropOldest(_ state: inout State) {
        guard state.head < state.order.count else { return }
        let entry = state.order[state.head]
        // Forget the digest only if this entry is still the one remembered.
        if state.seen[entry.digest] == entry.at { state.seen[entry.digest] = nil }
        state.head += 1
    }
}
