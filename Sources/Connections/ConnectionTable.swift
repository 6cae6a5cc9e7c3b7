/// The open connections of one listener, by source, with the order in which they became idle: decides whom to
/// admit and whom to shed. Pure: the caller closes what it says to shed.
///
/// A connection is idle while no request is in progress on it (before its handshake, while its request head is
/// still arriving, and between requests); a new connection starts idle. When a cap is reached the connection idle
/// the longest is shed (of the same source for the per-source cap); when every held connection is in a request, the
/// newcomer is refused instead, so work under way is never cut.
public struct ConnectionTable<ID: Hashable & Sendable>: Sendable {
    /// What to do with a new connection.
    public enum Admission: Sendable, Equatable {
        /// Admit it after closing `shed` (at most one), which was idle longest.
        case admit(shed: ID?, reason: Reason?)
        /// Refuse it: the cap is reached and every connection counted against it is in a request.
        case refuse(Reason)
    }

    public enum Reason: String, Sendable, Equatable {
        case totalCap = "total-cap"
        case sourceCap = "source-cap"
    }

    struct Entry: Sendable {
        var source: String
        /// When it last became idle, as a sequence number; `nil` while a request is in progress.
        var idleSequence: UInt64?
    }

    /// Connections in the order they became idle. An item is stale when its connection left, or became busy or
    /// idle again since (its sequence no longer matches), and is skipped; the list is compacted once it is twice
    /// the connections it covers, so each operation costs amortised constant time.
    struct IdleOrder: Sendable {
        private var items: [(id: ID, sequence: UInt64)] = []
        private var head = 0

        mutating func append(_ id: ID, _ sequence: UInt64, covering count: Int, entries: [ID: Entry]) {
            items.append((id, sequence))
            guard items.count > max(16, 2 * count) else { return }
            items = items[head...].filter { entries[$0.id]?.idleSequence == $0.sequence }
            head = 0
        }

        mutating func popOldest(entries: [ID: Entry]) -> ID? {
            while head < items.count {
                let candidate = items[head]
                head += 1
                if entries[candidate.id]?.idleSequence == candidate.sequence { return candidate.id }
            }
            return nil
        }
    }

    struct Source: Sendable {
        var count = 0
        var idle = IdleOrder()
    }

    public let maximum: Int
    public let maximumPerSource: Int
    private var entries: [ID: Entry] = [:]
    private var sources: [String: Source] = [:]
    private var idle = IdleOrder()
    private var nextSequence: UInt64 = 0

    public init(maximum: Int, maximumPerSource: Int) {
        precondition(maximum > 0 && maximumPerSource > 0, "a listener holds at least one connection")
        self.maximum = maximum
        self.maximumPerSource = maximumPerSource
    }

    public var count: Int { entries.count }

    public func count(from source: String) -> Int { sources[source]?.count ?? 0 }

    public func isIdle(_ id: ID) -> Bool { entries[id]?.idleSequence != nil }

    /// Decides about `id` from `source` and, when admitted, records it (idle) and forgets the one shed.
    public mutating func admit(_ id: ID, from source: String) -> Admission {
        var shed: ID?
        var reason: Reason?
        if count(from: source) >= maximumPerSource {
            guard let oldest = sources[source]?.idle.popOldest(entries: entries) else { return .refuse(.sourceCap) }
            remove(oldest)
            shed = oldest
            reason = .sourceCap
        } else if entries.count >= maximum {
            guard let oldest = idle.popOldest(entries: entries) else { return .refuse(.totalCap) }
            remove(oldest)
            shed = oldest
            reason = .totalCap
        }
        entries[id] = Entry(source: source, idleSequence: nil)
        sources[source, default: Source()].count += 1
        markIdle(id)
        return .admit(shed: shed, reason: reason)
    }

    /// A request started on `id`: it is no longer a candidate for shedding.
    public mutating func markBusy(_ id: ID) {
        entries[id]?.idleSequence = nil
    }

    /// `id` finished its request (or has just connected): it joins the end of the idle order.
    public mutating func markIdle(_ id: ID) {
        guard let source = entries[id]?.source else { return }
        let sequence = nextSequence
        nextSequence += 1
        entries[id]?.idleSequence = sequence
        idle.append(id, sequence, covering: entries.count, entries: entries)
        let fromSource = sources[source]?.count ?? 0
        sources[source]?.idle.append(id, sequence, covering: fromSource, entries: entries)
    }

    /// `id` closed (or was shed).
    public mutating func remove(_ id: ID) {
        guard let entry = entries.removeValue(forKey: id) else { return }
        sources[entry.source]?.count -= 1
        if sources[entry.source]?.count == 0 { sources[entry.source] = nil }
    }
}
