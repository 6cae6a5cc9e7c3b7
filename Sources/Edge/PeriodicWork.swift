import ServiceLifecycle

/// The loop of the edge's background services (audit head, events, wipe-breaker releases): do the work, sleep,
/// again — stopped at once on graceful shutdown, so a long interval's sleep does not hold the edge up.
enum PeriodicWork {
    static func run(every interval: Duration, _ work: @escaping @Sendable () async -> Void) async {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await work()
                try await Task.sleep(for: interval)
            }
        }
    }
}
