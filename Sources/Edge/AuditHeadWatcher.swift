import Foundation
import HTTPTypes
import Logging
import Metrics
import NIOCore
import PalisadeCore
import Relay
import ServiceLifecycle
import Synchronization

/// Asks a connected core for its audit chain head every `interval` and records it in the edge's log, outside the
/// core's database and reach: `palisade audit verify --expect SEQ:HASH` with a head from this log catches a table
/// that was cut short or rewritten, even with its recorded head rewritten to match. A head going backwards raises
/// an alarm at once (log at error level, `palisade_edge_audit_head_regressions_total`).
public final class AuditHeadWatcher: Service, Sendable {
    /// The path the core answers only on relay links.
    public static let path = "/relay/audit-head"

    let pool: RelayLinkPool
    let interval: Duration
    let logger: Logger
    let metrics: any MetricsFactory
    private let tracker = Mutex(AuditHeadTracker())

    public init(pool: RelayLinkPool, interval: Duration, metrics: any MetricsFactory, logger: Logger) {
        self.pool = pool
        self.interval = interval
        self.metrics = metrics
        self.logger = logger
    }

    /// The newest head seen.
    public var latest: AuditChainHead? { tracker.withLock { $0.latest } }

    public func run() async throws {
        await PeriodicWork.run(every: interval) { await self.poll() }
    }

    func poll() async {
        guard let head = await pool.fetchJSON(AuditChainHead.self, path: Self.path, responseLimit: 4096, logger: logger) else { return }
        let observation = tracker.withLock { $0.observe(head) }
        switch observation {
        case .first, .advanced:
            logger.notice("audit chain head", metadata: ["audit.head": "\(head)"])
        case .unchanged:
            break
        case .regressed(let previous):
            Counter(label: "palisade_edge_audit_head_regressions_total", factory: metrics).increment()
            logger.error("audit chain head went backwards: the audit table was cut short or rewritten", metadata: [
                "audit.head": "\(head)", "audit.previous": "\(previous)",
            ])
        }
    }
}
