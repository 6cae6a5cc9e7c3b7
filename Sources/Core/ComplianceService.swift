import AppleMDM
import Compliance
import Foundation
import Logging
import PalisadeCore
import PatchIntel

/// The core's patch intelligence and compliance: judges the enrolled fleet against the catalogue, stores each
/// device's verdict, and carries out the graded actions that have come due.
///
/// What it does by itself is what the core alone may do: record and announce (`notify`), install or remove the
/// restrictions profile (`restrict`), and publish the verdict business services read (`block-access`). A lock or
/// a wipe that has come due is announced to the administrators as due, never sent: both are sensitive commands
/// that reach a device only with administrators' signatures (the approval quorum), and a core that could issue
/// them on its own would hand them to whoever breaches it.
public struct ComplianceService: Sendable {
    /// The policy name on verdicts of devices that are no longer enrolled.
    static let unmanaged = "unmanaged"

    let storage: any PalisadeStorage
    let clock: any WallClock
    let settings: ComplianceSettings
    let catalogues: PatchCatalogueCache
    let pusher: any DevicePusher
    let logger: Logger

    public init(storage: any PalisadeStorage, clock: any WallClock, settings: ComplianceSettings, pusher: any DevicePusher, logger: Logger) {
        self.storage = storage
        self.clock = clock
        self.settings = settings
        catalogues = PatchCatalogueCache(storage: storage)
        self.pusher = pusher
        self.logger = logger
    }

    /// One evaluation of the fleet, before anything is stored or done.
    struct Evaluation: Sendable {
        var catalogue: PatchCatalogue
        var catalogueStatus: PatchCatalogueCache.CatalogueStatus
        var devices: [Device]
        var report: FleetComplianceReport
        var previous: [DeviceID: ComplianceRecord]
        var now: Date
    }

    /// Judges every enrolled device, reading what it reported and since when it fails; stores and does nothing.
    func evaluate() async throws -> Evaluation {
        let now = clock.now
        let (catalogue, status) = try await catalogues.current()
        guard let defaultPolicy = settings.resolvedDefault else {
            throw ConfigurationError("compliance.defaultPolicy '\(settings.defaultPolicy)' names no tier or policy")
        }
        var devices: [Device] = []
        var page = PageRequest(limit: PageRequest.maximumLimit)
        repeat {
            let slice = try await storage.devices(matching: DeviceFilter(enrollmentState: .enrolled), page: page)
            devices += slice.items
            page.cursor = slice.nextCursor
        } while page.cursor != nil
        let previous = try await storage.complianceRecords()
        let states = try await securityStates(of: devices)
        let fleet = FleetCompliance(
            intelligence: PatchIntelligence(catalogue: catalogue, today: CalendarDay(now)), defaultPolicy: defaultPolicy,
            policies: settings.policies, now: now
        )
        let report = fleet.evaluate(devices, states: states, failingSince: previous.compactMapValues(\.failingSince))
        return Evaluation(catalogue: catalogue, catalogueStatus: status, devices: devices, report: report, previous: previous, now: now)
    }

    /// What each device reported about its own protection.
    func securityStates(of devices: [Device]) async throws -> [DeviceID: DeviceSecurityState] {
        try await storage.postures(of: devices.map(\.id)).mapValues { posture in
            DeviceSecurityState(
                passcodePresent: posture.passcodePresent, encrypted: posture.encrypted, supervised: posture.supervised,
                installedApps: posture.appsReportedAt == nil ? nil : Set(posture.installedApps)
            )
        }
    }

    /// When devices of each model first reported each level, as patch lag reads it.
    func patchReports() async throws -> [PatchReport] {
        try await storage.patchObservations().map {
            PatchReport(
                platform: $0.platform, maker: $0.maker, model: $0.model, level: $0.level, firstReportedAt: CalendarDay($0.firstReportedAt),
                devices: $0.deviceCount
            )
        }
    }

    /// What one evaluation with its actions came to.
    struct Outcome: Sendable, Encodable {
        var evaluatedAt: Date
        var devices: Int
        var summaries: [FleetRiskSummary]
        /// Action → devices it was taken for in this evaluation.
        var actionsTaken: [String: Int]
    }

    /// Evaluates, stores every verdict, and carries out the actions that came due since the last evaluation.
    @discardableResult
    func evaluateAndAct() async throws -> Outcome {
        let evaluation = try await evaluate()
        let now = evaluation.now
        // Verdicts without actions are stored in one batch; a device whose actions queue commands or leave audit
        // events gets a transaction of its own, so its verdict, commands and events are kept together or not at all.
        var unchanged: [ComplianceRecord] = []
        var outcomes: [DeviceComplianceOutcome] = []
        var counts: [String: Int] = [:]
        for (device, result) in zip(evaluation.devices, evaluation.report.results) {
            let before = evaluation.previous[device.id]
            var taken = result.reasons.isEmpty ? [] : (before?.failingSince != nil ? before?.actionsTaken ?? [] : [])
            let target = "device:\(device.id)"
            var commands: [Command] = []
            var audits: [AuditRecord] = []
            if result.reasons.isEmpty, before?.actionsTaken.contains(GradedAction.Kind.restrict.rawValue) == true, device.platform == .ios {
                // Complies again: the restrictions come off.
                commands.append(Command(
                    deviceID: device.id, requestType: "RemoveProfile", payload: .object(["Identifier": .string(ComplianceRestrictionsProfile.identifier)]),
                    createdAt: now
                ))
                audits.append(AuditRecord(at: now, actor: .system, action: "compliance.restore", target: target, detail: .object(["policy": .string(result.policy)])))
                counts["restore", default: 0] += 1
            }
            for action in result.actionsDue where !taken.contains(action.rawValue) {
                var detail: [String: JSONValue] = [
                    "policy": .string(result.policy), "verdict": .string(result.verdict.rawValue),
                    "rules": .array(result.reasons.map { .string($0.rule) }),
                ]
                switch action {
                case .notify:
                    logger.warning("device fails its compliance policy", metadata: [
                        "device": "\(device.id)", "policy": "\(result.policy)", "reasons": "\(result.reasons.map(\.message).joined(separator: "; "))",
                    ])
                case .restrict:
                    if device.platform == .ios {
                        let profile = try ComplianceRestrictionsProfile.unsigned(organization: settings.organization)
                        commands.append(Command(
                            deviceID: device.id, requestType: "InstallProfile", payload: .object(["Payload": .string(profile.base64EncodedString())]),
                            createdAt: now
                        ))
                    } else {
                        // Android policies go through the Android Management API, which this core does not reach yet.
                        detail["unavailable"] = .string("no Android Management API connection; restrict the device by hand")
                    }
                case .blockAccess:
                    break
                case .lock, .wipe:
                    detail["requires"] = .string(
                        "an administrator's request and the approval quorum: palisade command send --device \(device.id) --type "
                            + "\(action == .lock ? "DeviceLock" : "EraseDevice"), then approvers run palisade approve <command id>"
                    )
                }
                let name = switch action {
                case .lock, .wipe: "compliance.action-due"
                default: "compliance.\(action.rawValue)"
                }
                detail["action"] = .string(action.rawValue)
                audits.append(AuditRecord(at: now, actor: .system, action: name, target: target, detail: .object(detail)))
                taken.append(action.rawValue)
                counts[action.rawValue, default: 0] += 1
            }
            let record = ComplianceRecord(
                deviceID: device.id, policy: result.policy, verdict: result.verdict, reasons: result.reasons, failingSince: result.failingSince,
                actionsTaken: taken, accessBlocked: result.accessBlocked, evaluatedAt: now
            )
            if commands.isEmpty && audits.isEmpty {
                unchanged.append(record)
            } else {
                outcomes.append(DeviceComplianceOutcome(record: record, commands: commands, audits: audits))
            }
        }
        // A device that left management keeps no verdict it earned while managed: business services asking about
        // it are told it is blocked, and why.
        let evaluated = Set(evaluation.devices.map(\.id))
        for (id, before) in evaluation.previous where !evaluated.contains(id) && !(before.verdict == .nonCompliant && before.policy == Self.unmanaged) {
            let record = ComplianceRecord(
                deviceID: id, policy: Self.unmanaged, verdict: .nonCompliant,
                reasons: [ComplianceReason(rule: "enrolment", message: "no longer enrolled: Palisade cannot vouch for it")],
                failingSince: now, actionsTaken: [GradedAction.Kind.blockAccess.rawValue], accessBlocked: true, evaluatedAt: now
            )
            outcomes.append(DeviceComplianceOutcome(record: record, audits: [
                AuditRecord(at: now, actor: .system, action: "compliance.block-access", target: "device:\(id)", detail: .object([
                    "policy": .string(Self.unmanaged), "rules": .array([.string("enrolment")]), "action": .string("block-access"),
                ])),
            ]))
            counts["unmanaged", default: 0] += 1
        }
        try await storage.saveComplianceRecords(unchanged)
        var woken: Set<DeviceID> = []
        for outcome in outcomes where try await storage.saveComplianceOutcome(outcome) && !outcome.commands.isEmpty {
            woken.insert(outcome.record.deviceID)
        }
        let summaries = evaluation.report.summaries
        _ = try await storage.append(AuditRecord(at: now, actor: .system, action: "compliance.evaluate", detail: .object([
            "devices": .number(Double(evaluation.devices.count)),
            "nonCompliant": .number(Double(summaries.reduce(0) { $0 + $1.nonCompliant })),
            "inGrace": .number(Double(summaries.reduce(0) { $0 + $1.inGrace })),
        ])))
        if !woken.isEmpty { await pusher.wake(Array(woken)) }
        return Outcome(evaluatedAt: now, devices: evaluation.devices.count, summaries: summaries, actionsTaken: counts)
    }
}
