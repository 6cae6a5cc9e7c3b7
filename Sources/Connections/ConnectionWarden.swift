import Logging
import Metrics
import NIOCore
import Synchronization

/// Holds one listener's open connections: admits or refuses each new one, closes the connection a cap sheds, and
/// counts and logs what it closed and why.
///
/// Shared by every connection of the listener (they live on different event loops), so its state is behind one
/// lock; the work under it is a dictionary update (and, at a cap, a walk of the idle order), and channels are closed
/// after the lock is released.
public final class ConnectionWarden: Sendable {
    /// Why a connection was closed before its client finished with it.
    public enum Closure: String, Sendable, CaseIterable {
        case handshakeTimeout = "handshake-timeout"
        case headerTimeout = "header-timeout"
        case bodyTimeout = "body-timeout"
        case idleTimeout = "idle-timeout"
        case drainLimit = "drain-limit"
    }

    struct State: Sendable {
        var table: ConnectionTable<Int>
        var channels: [Int: any Channel] = [:]
        var nextID = 0
        /// Counts since the last log line, by what happened.
        var unlogged: [String: Int] = [:]
        var nextLogAt: ContinuousClock.Instant?
        /// Most connections held since memory was last handed back.
        var peak = 0
    }

    public let listener: String
    public let limits: ConnectionLimits
    public let tls: Bool
    let logger: Logger
    let logInterval: Duration
    private let state: Mutex<State>
    private let open: Gauge
    private let shed: [ConnectionTable<Int>.Reason: Counter]
    private let refused: [ConnectionTable<Int>.Reason: Counter]
    private let closed: [Closure: Counter]
    private let bodyRefused: Counter

    /// `listener` names it in metrics and logs (`device`, `admin`).
    public init(
        listener: String, limits: ConnectionLimits, tls: Bool, metrics: any MetricsFactory, logger: Logger, logInterval: Duration = .seconds(10)
    ) {
        self.listener = listener
        self.limits = limits
        self.tls = tls
        self.logger = logger
        self.logInterval = logInterval
        state = Mutex(State(table: ConnectionTable(maximum: limits.maximumConnections, maximumPerSource: limits.maximumConnectionsPerSource)))
        open = Gauge(label: "palisade_listener_connections", dimensions: [("listener", listener)], factory: metrics)
        var shed: [ConnectionTable<Int>.Reason: Counter] = [:]
        var refused: [ConnectionTable<Int>.Reason: Counter] = [:]
        for reason in [ConnectionTable<Int>.Reason.totalCap, .sourceCap] {
            shed[reason] = Counter(
                label: "palisade_listener_connections_shed_total", dimensions: [("listener", listener), ("reason", reason.rawValue)], factory: metrics
            )
            refused[reason] = Counter(
                label: "palisade_listener_connections_refused_total", dimensions: [("listener", listener), ("reason", reason.rawValue)],
                factory: metrics
            )
        }
        self.shed = shed
        self.refused = refused
        closed = Dictionary(uniqueKeysWithValues: Closure.allCases.map {
            ($0, Counter(label: "palisade_listener_connections_closed_total", dimensions: [("listener", listener), ("reason", $0.rawValue)], factory: metrics))
        })
        bodyRefused = Counter(label: "palisade_listener_bodies_refused_total", dimensions: [("listener", listener)], factory: metrics)
    }

    /// Connections held now.
    public var count: Int { state.withLock { $0.table.count } }

    /// Admits `channel` (its id) or refuses it (`nil`: the caller closes it); closes the connection it sheds.
    func admit(_ channel: any Channel) -> Int? {
        let source = channel.remoteAddress?.ipAddress ?? "unknown"
        let (id, decision, victim, held, line) = state.withLock { state -> (Int, ConnectionTable<Int>.Admission, (any Channel)?, Int, Logger.Metadata?) in
            let id = state.nextID
            state.nextID += 1
            let decision = state.table.admit(id, from: source)
            var victim: (any Channel)?
            var line: Logger.Metadata?
            switch decision {
            case .admit(let shed, let reason):
                state.channels[id] = channel
                if let shed { victim = state.channels.removeValue(forKey: shed) }
                if let reason { line = note("shed (\(reason.rawValue))", in: &state) }
            case .refuse(let reason):
                line = note("refused (\(reason.rawValue))", in: &state)
            }
            state.peak = max(state.peak, state.table.count)
            return (id, decision, victim, state.table.count, line)
        }
        open.record(held)
        log(line)
        switch decision {
        case .admit(_, let reason):
            if let reason { shed[reason]?.increment() }
            victim?.close(promise: nil)
            return id
        case .refuse(let reason):
            refused[reason]?.increment()
            return nil
        }
    }

    func busy(_ id: Int) { state.withLock { $0.table.markBusy(id) } }

    func idle(_ id: Int) { state.withLock { $0.table.markIdle(id) } }

    func left(_ id: Int, on loop: any EventLoop) {
        let (held, burstOver) = state.withLock { state in
            state.table.remove(id)
            state.channels[id] = nil
            // A burst of connections is over when most of them have gone.
            let burstOver = state.peak >= Self.burstSize && state.table.count <= state.peak / 4
            if burstOver { state.peak = state.table.count }
            return (state.table.count, burstOver)
        }
        open.record(held)
        // The allocator keeps what a burst freed; hand it back once the connections' memory is released (their
        // pipelines are torn down after this call), so a flood that lets go leaves no lasting footprint.
        if burstOver { loop.scheduleTask(in: .seconds(1)) { ReleasedMemory.trim() } }
    }

    /// Connections that make a burst worth handing memory back after.
    static let burstSize = 256

    /// A connection was closed for `reason`.
    func closing(_ reason: Closure) {
        closed[reason]?.increment()
        log(state.withLock { note(reason.rawValue, in: &$0) })
    }

    /// A request declared a body larger than the limit and was answered 413 before it was read.
    func refusedBody() {
        bodyRefused.increment()
        log(state.withLock { note("body over limit (413)", in: &$0) })
    }

    /// Counts an event and logs the counts at most once per `logInterval`: a flood makes a line every few seconds,
    /// not one per connection.
    /// Returns the line to log (after the lock is released), if one is due.
    private func note(_ event: String, in state: inout State) -> Logger.Metadata? {
        state.unlogged[event, default: 0] += 1
        let now = ContinuousClock.now
        if let next = state.nextLogAt, now < next { return nil }
        state.nextLogAt = now.advanced(by: logInterval)
        let summary = state.unlogged.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        state.unlogged = [:]
        return ["listener": "\(listener)", "since-last": "\(summary)", "held": "\(state.table.count)"]
    }

    private func log(_ metadata: Logger.Metadata?) {
        guard let metadata else { return }
        logger.warning("listener closing or refusing connections", metadata: metadata)
    }
}
