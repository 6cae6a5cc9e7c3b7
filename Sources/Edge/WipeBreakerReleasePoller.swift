import Foundation
import HTTPTypes
import Logging
import NIOCore
import PalisadeCore
import PKI
import Relay
import ServiceLifecycle
import Synchronization

/// While the wipe breaker holds, asks a core every `interval` for approvers' signed releases and hands them to the
/// command gate, which checks them against its own keys: the core only carries them, so a breached core can delay
/// a release but cannot forge one. A core that does not know the route (an older one answers 404) is tolerated.
public final class WipeBreakerReleasePoller: Service, Sendable {
    let pool: RelayLinkPool
    let gate: CommandGate
    let interval: Duration
    let onReleased: @Sendable (Int64) -> Void
    let logger: Logger
    /// Releases already logged as ignored, so one left on the core is not logged every interval.
    private let ignored = Mutex<Set<WipeBreakerRelease>>([])

    /// - Parameter onReleased: called with the trip a release ended (for the alarm's all-clear: log, metric, event).
    public init(pool: RelayLinkPool, gate: CommandGate, interval: Duration, logger: Logger, onReleased: @escaping @Sendable (Int64) -> Void) {
        self.pool = pool
        self.gate = gate
        self.interval = interval
        self.logger = logger
        self.onReleased = onReleased
    }

    public func run() async throws {
        await PeriodicWork.run(every: interval) { await self.poll() }
    }

    func poll() async {
        guard gate.wipeBreakerTrippedAt != nil,
              let list = await pool.fetchJSON(WipeBreakerReleaseList.self, path: RelayRoutes.wipeBreakerReleases, responseLimit: 1 << 20, logger: logger)
        else { return }
        for outcome in gate.apply(list, now: Date()) {
            switch outcome {
            case .released(let trippedAt):
                onReleased(trippedAt)
            case .ignored(let release, let reason):
                let isNew = ignored.withLock { seen in
                    if seen.count > 1000 { seen.removeAll() }
                    return seen.insert(release).inserted
                }
                if isNew {
                    logger.notice("a wipe-breaker release was ignored", metadata: ["wipe.tripped_at": "\(release.trippedAt)", "reason": "\(reason)"])
                }
            }
        }
    }
}
