import PalisadeCore

/// Events waiting to be reported to a core, bounded: while no core answers they are kept, oldest first, up to
/// `capacity`; what arrives beyond that is counted, and the count goes out as one `dropped` event, so the audit log
/// says that something is missing even when it cannot say what. When full, an alarm (a refused command, a held or
/// released wipe) takes the place of the oldest inspection refusal, so a flood of bad requests cannot push out the
/// events that matter most. Pure, so its bound is tested without a network.
public struct EdgeEventBuffer: Sendable {
    /// What one report carries: the oldest events, and the dropped count it includes.
    public struct Batch: Sendable, Equatable {
        public var events: [EdgeEvent]
        /// How many of `events` came from the buffer (the rest is the `dropped` event).
        public var buffered: Int
        public var dropped: Int
    }

    public let capacity: Int
    public private(set) var events: [EdgeEvent] = []
    /// Events turned away since the last report that a core accepted.
    public private(set) var dropped = 0

    public init(capacity: Int = 1000) {
        self.capacity = capacity
    }

    public var isEmpty: Bool { events.isEmpty && dropped == 0 }

    public mutating func append(_ event: EdgeEvent) {
        guard events.count >= capacity else {
            events.append(event)
            return
        }
        dropped += 1
        if event.kind != .inspectionRefused, let oldest = events.firstIndex(where: { $0.kind == .inspectionRefused }) {
            events.remove(at: oldest)
            events.append(event)
        }
    }

    /// The next report: up to `limit` of the oldest events, and a `dropped` event when any were turned away.
    /// `nil` when there is nothing to say.
    public func next(limit: Int, at seconds: Int64) -> Batch? {
        guard !isEmpty else { return nil }
        var batch = Array(events.prefix(limit))
        let buffered = batch.count
        if dropped > 0 { batch.append(EdgeEvent(kind: .dropped, at: seconds, count: dropped)) }
        return Batch(events: batch, buffered: buffered, dropped: dropped)
    }

    /// Forgets what a core accepted. Events added meanwhile stay.
    public mutating func delivered(_ batch: Batch) {
        events.removeFirst(min(batch.buffered, events.count))
        dropped -= min(batch.dropped, dropped)
    }
}
