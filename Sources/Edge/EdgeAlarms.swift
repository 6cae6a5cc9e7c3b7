import Foundation
import Inspection
import Logging
import PalisadeCore
import PKI

/// Raises what the edge must not keep to itself: a sensitive command refused, a wipe held or released, a request or
/// answer refused by inspection. Each goes three ways — the log (at error level, worded "ALARM", for the command gate),
/// a metric, and an event for the core's audit log — so losing one channel does not silence it.
struct EdgeAlarms: Sendable {
    let metrics: EdgeMetrics
    let events: EdgeEventReporter
    let clock: any WallClock
    let logger: Logger

    private var seconds: Int64 { Int64(clock.now.timeIntervalSince1970) }

    func commandRefused(_ refusal: ApprovalQuorum.Refusal, command: GatedCommand?, target: String?) {
        metrics.commandRefused(refusal)
        logger.error("ALARM: the command gate refused a command; the device was sent nothing", metadata: [
            "reason": "\(refusal)", "command": "\(command?.requestType ?? "unreadable")", "command.uuid": "\(command?.commandUUID ?? "-")",
            "device": "\(target ?? "-")",
        ])
        events.report(EdgeEvent(
            kind: .commandRefused, at: seconds, commandUUID: command?.commandUUID, requestType: command?.requestType, target: target,
            reason: refusal.description
        ))
    }

    func wipeHeld(trippedAt: Int64, command: GatedCommand, target: String?) {
        metrics.wipeHeld()
        metrics.wipeBreaker(tripped: true)
        logger.error("ALARM: the wipe breaker holds every erase until approvers sign a release of this trip", metadata: [
            "wipe.tripped_at": "\(trippedAt)", "command.uuid": "\(command.commandUUID)", "device": "\(target ?? "-")",
        ])
        events.report(EdgeEvent(
            kind: .wipeHeld, at: seconds, commandUUID: command.commandUUID, requestType: command.requestType, target: target, trippedAt: trippedAt
        ))
    }

    func wipeReleased(trippedAt: Int64) {
        metrics.wipeBreaker(tripped: false)
        logger.warning("the wipe breaker was released by approvers' signed statement; erases go out again", metadata: [
            "wipe.tripped_at": "\(trippedAt)",
        ])
        events.report(EdgeEvent(kind: .wipeReleased, at: seconds, trippedAt: trippedAt))
    }

    /// Reported once per release (the poller remembers which it has seen), so a release left on the core that
    /// will never count is one audit event, not one every poll.
    func wipeReleaseIgnored(_ release: WipeBreakerRelease, reason: String) {
        logger.notice("a wipe-breaker release was ignored", metadata: ["wipe.tripped_at": "\(release.trippedAt)", "reason": "\(reason)"])
        events.report(EdgeEvent(kind: .wipeReleaseIgnored, at: seconds, reason: reason, trippedAt: release.trippedAt))
    }

    /// Rule ids, the endpoint, the direction, the source address and the device only: never a value from a body.
    /// Refusals by rate limit alone are left to the metrics: a flood would otherwise be a flood of audit events.
    func inspectionRefused(_ verdict: InspectionVerdict, direction: String, source: String, device: String?) {
        guard verdict.decision.refusalStatus != nil, !verdict.ruleIDs.allSatisfy({ $0.hasPrefix("rate.") }) else { return }
        events.report(EdgeEvent(
            kind: .inspectionRefused, at: seconds, target: device, rules: verdict.ruleIDs,
            endpoint: verdict.subject.endpoint?.rawValue, direction: direction, source: source
        ))
    }
}
