import Foundation
import HTTPTypes
import Logging
import NIOCore
import PalisadeCore
import Relay
import ServiceLifecycle
import Synchronization

/// Carries what the edge saw (refused commands, held wipes, inspection refusals) to a core for its audit log,
/// every `interval` while there is something to say. The edge keeps no database, so events wait in a bounded
/// buffer until a core answers 204; a core that is away for a while loses nothing within the bound.
public final class EdgeEventReporter: Service, Sendable {
    /// Events in one POST, so one report stays well inside a core's body limit.
    static let batchLimit = 200
    /// How long to leave a core alone after it turned a report down (an older core answers 404): the events wait,
    /// and the core is not sent the same batch every interval.
    static let pauseAfterRefusal: Duration = .seconds(30)

    let pool: RelayLinkPool
    let edge: String
    let interval: Duration
    let logger: Logger
    private let buffer: Mutex<EdgeEventBuffer>
    /// The status of the last report a core turned down, so a core that does not know the route (an older one
    /// answers 404) is logged once, not every interval.
    private let lastRefusal = Mutex<(status: Int, at: ContinuousClock.Instant)?>(nil)

    /// - Parameter edge: the edge's relay key pin, how the audit log names it.
    public init(pool: RelayLinkPool, edge: String, interval: Duration, capacity: Int = 1000, logger: Logger) {
        self.pool = pool
        self.edge = edge
        self.interval = interval
        self.logger = logger
        buffer = Mutex(EdgeEventBuffer(capacity: capacity))
    }

    public func report(_ event: EdgeEvent) {
        buffer.withLock { $0.append(event) }
    }

    /// Events not yet accepted by a core.
    public var pending: Int { buffer.withLock { $0.events.count } }

    public func run() async throws {
        await PeriodicWork.run(every: interval) { await self.flush() }
        // One last, short try on the way out, so a clean stop does not lose what was just seen.
        await flush(timeout: .seconds(2))
    }

    /// Sends everything buffered, one batch at a time, until the buffer is empty or a core does not take a batch.
    func flush(timeout: TimeAmount = .seconds(10)) async {
        if let last = lastRefusal.withLock({ $0 }), ContinuousClock.now - last.at < Self.pauseAfterRefusal { return }
        while pool.availableCount > 0 {
            let seconds = Int64(Date().timeIntervalSince1970)
            guard let batch = buffer.withLock({ $0.next(limit: Self.batchLimit, at: seconds) }),
                  let body = try? JSONEncoder().encode(EdgeEventBatch(edge: edge, events: batch.events))
            else { return }
            var head = HTTPRequest(method: .post, scheme: "https", authority: "palisade-core", path: RelayRoutes.events)
            head.headerFields[.contentType] = "application/json"
            do {
                let (response, _) = try await pool.send(head, body: ByteBuffer(bytes: body), responseLimit: 4096, timeout: timeout)
                guard response.status == .noContent else {
                    let status = response.status.code
                    let isNew = lastRefusal.withLock { last in
                        defer { last = (status, ContinuousClock.now) }
                        return last?.status != status
                    }
                    if isNew {
                        logger.warning("a core did not take the edge's events; they stay queued (up to the buffer's bound)", metadata: ["status": "\(status)"])
                    }
                    return
                }
                lastRefusal.withLock { $0 = nil }
            } catch {
                return
            }
            buffer.withLock { $0.delivered(batch) }
        }
    }
}
