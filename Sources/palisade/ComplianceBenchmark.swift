import Compliance
import Foundation
import PatchIntel
import Simulator

/// `palisade bench compliance`: one call judging a whole simulated fleet (patch assessment and compliance
/// verdicts under each device's policy, then the per-tier summaries), timed.
struct ComplianceBenchmark {
    let devices: Int
    let rounds: Int

    func run() throws -> String {
        let clock = ContinuousClock()
        var catalogue: PatchCatalogue?
        let loading = try clock.measure { catalogue = try PatchCatalogue(sources: BundledCatalogue.sources()) }
        guard let catalogue else { throw CLIError("the bundled catalogue did not load") }
        let today = CalendarDay(Date())
        var fleet: SimulatedInventory.Fleet?
        let generating = clock.measure { fleet = SimulatedInventory.fleet(count: devices, catalogue: catalogue, today: today) }
        guard let fleet else { throw CLIError("no fleet") }
        let failing = Dictionary(uniqueKeysWithValues: fleet.devices.enumerated().filter { $0.offset % 2 == 0 }.map { ($0.element.id, Date().addingTimeInterval(-30 * 86_400)) })
        var lines = [
            "compliance evaluation: \(devices) simulated devices (mixed makers, three tiers), \(rounds) rounds",
            "catalogue built in \(Self.milliseconds(loading)) ms; fleet generated in \(Self.milliseconds(generating)) ms",
        ]
        var times: [Duration] = []
        var last: FleetComplianceReport?
        for round in 1...rounds {
            // Timed from the day's intelligence (the calendar, each model's releases) to the last summary.
            let took = clock.measure {
                let compliance = FleetCompliance(
                    intelligence: PatchIntelligence(catalogue: catalogue, today: today), defaultPolicy: RiskTier.standard.defaultPolicy, now: Date()
                )
                last = compliance.evaluate(fleet.devices, states: fleet.states, failingSince: failing)
            }
            times.append(took)
            let seconds = Double(took.components.seconds) + Double(took.components.attoseconds) / 1e18
            lines.append("round \(round): \(Self.milliseconds(took)) ms (\(String(format: "%.0f", Double(devices) / seconds)) devices/s)")
        }
        let median = times.sorted()[times.count / 2]
        lines.append("median: \(Self.milliseconds(median)) ms for \(devices) devices (goal: under 1000 ms for 100000)")
        for summary in last?.summaries ?? [] {
            lines.append("  \(summary.policy): \(summary.compliant) compliant, \(summary.inGrace) in grace, \(summary.nonCompliant) non-compliant")
        }
        return lines.joined(separator: "\n")
    }

    static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(format: "%.1f", Double(seconds) * 1000 + Double(attoseconds) / 1e15)
    }
}
