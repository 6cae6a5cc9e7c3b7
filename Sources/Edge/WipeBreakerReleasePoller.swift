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
    let onIgnored: @Sendable (WipeBreakerRelease, String) -> Void
    let logger: Logger
    /// Releases already logged as ignored, so one left on the core is not logged every interval.
    private let ignored = Mutex<Set<WipeBreakerRelease>>([])

    /// - Parameters:
    ///   - onReleased: called with the trip a release ended (for the alarm's all-clear: log, metric, event).
    ///   - onIgnored: called once for each release that did not count, with why (for the log and the audit log).
    public init(
        pool: RelayLinkPool, gate: CommandGate, interval: Duration, logger: Logger, onReleased: @escaping @Sendable (Int64) -> Void,
        onIgnored: @escaping @Sendable (WipeBreakerRelease, String) -> Void = { _, _ in }
    ) {
        self.pool = pool
        self.gate = gate
        self.interval = interval
        self.logger = logger
        self.onReleased = onReleased
        self.onIgnored = onIgnored
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
                if isNew { onIgnored(release, reason) }
            }
        }
    }
}
