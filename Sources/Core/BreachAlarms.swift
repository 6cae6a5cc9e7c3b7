import Foundation
import Logging
import Metrics
import PalisadeCore
import Synchronization

/// The core's alarms for what a breached edge would do to devices' traffic: a device reporting a result for a
/// command the core never sent it (an edge that answered the device with a command of its own), and results that
/// stop coming back through an edge while its devices still check in (an edge that swallows them). Each alarm is an
/// audit event, a Prometheus counter and an error log line, so it reaches whoever watches any of the three.
public final class BreachAlarms: Sendable {
    /// The audit action of a result for a command the core never sent the device.
    public static let unknownResultAction = "device.unknown-command-result"
    /// The audit action of an edge whose results stopped while devices still check in through it.
    public static let silentEdgeAction = "edge.results-silent"

    let audit: any AuditLog
    let clock: any WallClock
    let metrics: any MetricsFactory
    let logger: Logger
    private let watch: Mutex<EdgeResultWatch>

    /// - Parameter silenceThreshold: how long an edge's results may stay away, while a device it was handed a
    ///   command through keeps checking in, before the alarm.
    public init(audit: any AuditLog, clock: any WallClock, metrics: any MetricsFactory, silenceThreshold: TimeInterval, logger: Logger) {
        self.audit = audit
        self.clock = clock
        self.metrics = metrics
        self.logger = logger
        watch = Mutex(EdgeResultWatch(threshold: silenceThreshold))
    }

    /// A device reported a result for a command that is not its own (`known` is nil) or that the core never
    /// delivered (`known` is the device's command, still awaiting approval or queued).
    func unknownResult(device: DeviceID, command: UUID, status: String, known: Command?, edge: String?) async {
        let reason = known == nil ? "not-this-device" : "never-sent"
        var detail: [String: JSONValue] = [
            "command": .string(command.uuidString.lowercased()), "status": .string(status), "reason": .string(reason),
            "edge": edge.map(JSONValue.string) ?? .null,
        ]
        if let known {
            detail["state"] = .string(known.state.rawValue)
            detail["requestType"] = .string(known.requestType)
        }
        Counter(label: "palisade_core_unknown_command_results_total", dimensions: [("edge", edge ?? "direct")], factory: metrics).increment()
        logger.error("device reported a result for a command the core never sent it: check the edge that relayed it", metadata: [
            "device": "\(device)", "command": "\(command)", "reason": "\(reason)", "edge": "\(edge ?? "direct")",
        ])
        await append(AuditRecord(at: clock.now, actor: .device(device), action: Self.unknownResultAction, target: "device:\(device)", detail: .object(detail)))
    }

    /// The core handed `device` a command; `edge` is the edge that relays the device, `nil` on the core's own listener.
    func delivered(to device: DeviceID, through edge: String?) {
        guard let edge else { return }
        let now = clock.now
        watch.withLock { $0.delivered(to: device, through: edge, at: now) }
    }

    /// `device` answered a command the core had sent it.
    func answered(by device: DeviceID, through edge: String?) {
        guard let edge else { return }
        let now = clock.now
        watch.withLock { $0.answered(by: device, through: edge, at: now) }
    }

    /// `device` checked in Idle; raises the silent-edge alarm when this shows its edge keeping results back.
    func idle(_ device: DeviceID, through edge: String?) async {
        guard let edge else { return }
        let now = clock.now
        guard let silence = watch.withLock({ $0.idle(device, through: edge, at: now) }) else { return }
        let minutes = Int(now.timeIntervalSince(silence.deliveredAt) / 60)
        Counter(label: "palisade_core_edge_result_silences_total", dimensions: [("edge", edge)], factory: metrics).increment()
        logger.error("no command results have come back through an edge while its devices keep checking in: the edge may be keeping them", metadata: [
            "edge": "\(edge)", "device": "\(device)", "minutes": "\(minutes)",
        ])
        await append(AuditRecord(at: now, actor: .system, action: Self.silentEdgeAction, target: "edge:\(edge)", detail: .object([
            "device": .string(device.description), "deliveredAt": .string(silence.deliveredAt.formatted(.iso8601)),
            "lastResultAt": silence.lastResultAt.map { .string($0.formatted(.iso8601)) } ?? .null, "minutes": .number(Double(minutes)),
        ])))
    }

    private func append(_ record: AuditRecord) async {
        do {
            _ = try await audit.append(record)
        } catch {
            logger.error("alarm not audited", metadata: ["action": "\(record.action)", "error": "\(error)"])
        }
    }
}
