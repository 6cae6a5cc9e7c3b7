import Foundation
import Logging
import PalisadeCore
import ServiceLifecycle

/// Keeps the command queue lean: marks overdue commands expired and prunes finished ones past the retention
/// period, in bounded batches so that a large backlog never holds a long transaction.
public struct QueueMaintenance: Service {
    let queue: any CommandQueue
    let clock: any WallClock
    let retention: TimeInterval
    let interval: Duration
    /// Where expiries are recorded; `nil` records none.
    let audit: (any AuditLog)?
    let logger: Logger

    /// Rows deleted per transaction while pruning.
    static let batchSize = 5_000

    public init(
        queue: any CommandQueue, clock: any WallClock, retentionDays: Int, interval: Duration = .seconds(60), audit: (any AuditLog)? = nil,
        logger: Logger
    ) {
        self.queue = queue
        self.audit = audit
        self.clock = clock
        retention = TimeInterval(retentionDays) * 86_400
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await runOnce()
                try await Task.sleep(for: interval)
            }
        }
    }

    /// One pass: expire, then prune until a batch comes back short.
    public func runOnce() async {
        do {
            let now = clock.now
            let expired = try await queue.expireCommands(at: now)
            if expired > 0, let audit {
                try await audit.append(AuditRecord(at: now, actor: .system, action: "command.expire", detail: .object([
                    "count": .number(Double(expired)),
                ])))
            }
            var pruned = 0
            while true {
                let batch = try await queue.pruneFinished(before: now.addingTimeInterval(-retention), limit: Self.batchSize)
                pruned += batch
                if batch < Self.batchSize { break }
            }
            if expired > 0 || pruned > 0 {
                logger.info("command queue maintained", metadata: ["expired": "\(expired)", "pruned": "\(pruned)"])
            }
        } catch {
            logger.warning("command queue maintenance failed; will retry", metadata: ["error": "\(error)"])
        }
    }
}
