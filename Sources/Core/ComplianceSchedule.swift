import Logging
import ServiceLifecycle

/// Evaluates the fleet every `interval`, so verdicts and graded actions keep up without anyone asking. The first
/// evaluation comes one interval after start, not at once, so that a restarting core does not delay its listeners.
struct ComplianceSchedule: Service {
    let compliance: ComplianceService
    let interval: Duration
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                do {
                    let outcome = try await compliance.evaluateAndAct()
                    logger.info("fleet compliance evaluated", metadata: [
                        "devices": "\(outcome.devices)", "actions": "\(outcome.actionsTaken.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ","))",
                    ])
                } catch {
                    logger.error("fleet compliance evaluation failed; verdicts keep their last values", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}
