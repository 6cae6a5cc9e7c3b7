import Foundation
import Logging
import PalisadeCore
import PKI

/// Takes what edges report over their relay links into the core's records: every event becomes an audit event
/// (`edge.<kind>`, target `edge:<key pin>`), a command the edge's gate refused is ended as an error so it is not
/// offered again, and a wipe circuit breaker trip becomes an open trip approvers can sign a release for.
///
/// The edge logs and counts all of these itself; a breached core that drops them hides nothing from the edge's log.
public struct EdgeEventRecorder: Sendable {
    let storage: any PalisadeStorage
    let clock: any WallClock
    /// How long approvers have to sign the release of a trip.
    let releaseValidity: TimeInterval
    let logger: Logger

    public init(storage: any PalisadeStorage, clock: any WallClock, releaseValidity: TimeInterval = 24 * 3600, logger: Logger) {
        self.storage = storage
        self.clock = clock
        self.releaseValidity = releaseValidity
        self.logger = logger
    }

    public func record(_ batch: EdgeEventBatch) async throws {
        let now = clock.now
        for event in batch.events {
            var detail: [String: JSONValue] = ["edgeTime": .number(Double(event.at))]
            for (key, value) in [
                ("command", event.commandUUID), ("requestType", event.requestType), ("target", event.target), ("reason", event.reason),
                ("endpoint", event.endpoint), ("direction", event.direction), ("source", event.source),
            ] {
                if let value { detail[key] = .string(value) }
            }
            if let rules = event.rules { detail["rules"] = .array(rules.map(JSONValue.string)) }
            if let trippedAt = event.trippedAt { detail["trippedAt"] = .number(Double(trippedAt)) }
            if let count = event.count { detail["count"] = .number(Double(count)) }
            try await storage.append(AuditRecord(
                at: now, actor: .system, action: "edge." + event.kind.rawValue, target: "edge:" + batch.edge, detail: .object(detail)
            ))
            switch event.kind {
            case .commandRefused:
                try await endRefusedCommand(event, at: now)
            case .wipeHeld:
                if let trippedAt = event.trippedAt {
                    _ = try await storage.recordWipeBreakerTrip(WipeBreakerTrip(
                        edge: batch.edge, trippedAt: trippedAt, reportedAt: now,
                        releaseExpiresAt: Int64(now.addingTimeInterval(releaseValidity).timeIntervalSince1970)
                    ))
                }
            case .wipeReleased:
                if let trippedAt = event.trippedAt { try await storage.markWipeBreakerReleased(edge: batch.edge, trippedAt: trippedAt, at: now) }
            case .inspectionRefused, .wipeReleaseIgnored, .dropped:
                break
            }
        }
    }

    /// Every release with signatures that edges should try, unexpired.
    public func releases() async throws -> WipeBreakerReleaseList {
        let now = Int64(clock.now.timeIntervalSince1970)
        let open = try await storage.openWipeBreakerTrips().filter { $0.releaseExpiresAt > now && !$0.signatures.isEmpty }
        return WipeBreakerReleaseList(releases: open.map { trip in
            WipeBreakerRelease(
                trippedAt: trip.trippedAt, expiresAt: trip.releaseExpiresAt,
                signatures: trip.signatures.map { ApprovalSignature(keyFingerprint: $0.keyFingerprint, signature: $0.signature) }
            )
        })
    }

    private func endRefusedCommand(_ event: EdgeEvent, at now: Date) async throws {
        guard let text = event.commandUUID, let id = UUID(uuidString: text), let command = try await storage.command(id), command.state.isPending
        else { return }
        let session = try await storage.currentSession(for: command.deviceID)
        let reason = "refused by the edge's command gate: \(event.reason ?? "no reason given")"
        _ = try await storage.record(CommandReport(status: .error, result: Data(reason.utf8)), for: id, from: command.deviceID, session: session, at: now)
        logger.error("ALARM: an edge refused a sensitive command", metadata: [
            "command": "\(text)", "requestType": "\(event.requestType ?? "")", "reason": "\(event.reason ?? "")",
        ])
    }
}
