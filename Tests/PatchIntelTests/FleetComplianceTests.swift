import Compliance
import Foundation
import PalisadeCore
import PatchIntel
import Simulator
import Testing

@Suite struct FleetComplianceTests {
    static let today = Fixtures.day("2026-09-15")
    static let now = today.date.addingTimeInterval(12 * 3600)

    @Test func tenThousandDevicesOfMixedMakersEvaluateInOneCall() {
        let fleet = SimulatedInventory.fleet(count: 10_000, catalogue: Fixtures.catalogue, today: Self.today)
        let compliance = FleetCompliance(
            intelligence: PatchIntelligence(catalogue: Fixtures.catalogue, today: Self.today), defaultPolicy: RiskTier.standard.defaultPolicy, now: Self.now
        )
        // Half the fleet was already failing a month ago (the previous evaluation's record), so every verdict occurs.
        let earlier = Dictionary(uniqueKeysWithValues: fleet.devices.enumerated().filter { $0.offset % 2 == 0 }.map { ($0.element.id, Self.now.addingTimeInterval(-30 * 86_400)) })
        let report = compliance.evaluate(fleet.devices, states: fleet.states, failingSince: earlier)

        #expect(report.results.count == 10_000)
        #expect(report.results.map(\.deviceID) == fleet.devices.map(\.id))
        #expect(Set(fleet.devices.compactMap(\.maker)).count >= 10)
        // Every device under the policy its tag names, and the summaries add up.
        #expect(report.summaries.map(\.policy) == ["business-continuity", "high-threat", "standard"])
        #expect(report.summaries.reduce(0) { $0 + $1.devices } == 10_000)
        for summary in report.summaries {
            #expect(summary.compliant + summary.inGrace + summary.nonCompliant == summary.devices)
            #expect(summary.inGrace > 0 && summary.nonCompliant > 0, "\(summary.policy)")
            if summary.tier != .highThreat { #expect(summary.compliant > 0, "\(summary.policy)") }
        }
        for (device, result) in zip(fleet.devices, report.results) {
            #expect(result.policy == compliance.policy(for: device).name)
            #expect(result.reasons.isEmpty == (result.verdict == .compliant))
            if !result.reasons.isEmpty { #expect((result.verdict == .nonCompliant) == (earlier[device.id] != nil)) }
        }
        // The mess is judged, not dropped: unreadable levels are reasons, unknown makers are counted.
        let unreadable = zip(fleet.devices, report.results).filter { device, _ in
            device.securityPatchLevel.map { (try? CalendarDay(parsing: $0)) == nil } ?? false
        }
        #expect(unreadable.count > 20)
        #expect(unreadable.allSatisfy { $0.1.reasons.contains { $0.rule == "unreadablePatch" } || $0.1.policy == "business-continuity" })
        #expect(report.summaries.reduce(0) { $0 + $1.unknownModels } > 100)
        #expect(report.summaries.reduce(0) { $0 + $1.endOfLife } > 100)
        #expect(report.summaries.first { $0.policy == "high-threat" }.map { $0.exploitedExposed > 0 } == true)
    }
}
