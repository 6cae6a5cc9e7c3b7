import Foundation
import PalisadeCore
import PatchIntel

/// Judges a whole fleet in one pass: each device under its policy, then a risk summary per policy.
///
/// A device's policy is named by its tag `compliance:<policy>` (`compliance:high-threat`); devices without one, or
/// naming a policy that does not exist, fall under the organisation's default.
public struct FleetCompliance: Sendable {
    public static let tagPrefix = "compliance:"

    public let intelligence: PatchIntelligence
    public let defaultPolicy: CompliancePolicy
    public let policies: [String: CompliancePolicy]
    public let now: Date

    public init(intelligence: PatchIntelligence, defaultPolicy: CompliancePolicy, policies: [CompliancePolicy] = [], now: Date) {
        self.intelligence = intelligence
        self.defaultPolicy = defaultPolicy
        var byName = Dictionary(RiskTier.allCases.map { ($0.rawValue, $0.defaultPolicy) }) { first, _ in first }
        for policy in policies + [defaultPolicy] { byName[policy.name] = policy }
        self.policies = byName
        self.now = now
    }

    public func policy(for device: Device) -> CompliancePolicy {
        for tag in device.tags where tag.hasPrefix(Self.tagPrefix) {
            if let policy = policies[String(tag.dropFirst(Self.tagPrefix.count))] { return policy }
        }
        return defaultPolicy
    }

    /// Every device's verdict and assessment, in the order given, and a summary per policy in use.
    public func evaluate(
        _ devices: [Device], states: [DeviceID: DeviceSecurityState], failingSince: [DeviceID: Date] = [:]
    ) -> FleetComplianceReport {
        var evaluators: [String: ComplianceEvaluator] = [:]
        var results: [ComplianceResult] = []
        var assessments: [PatchAssessment] = []
        results.reserveCapacity(devices.count)
        assessments.reserveCapacity(devices.count)
        var byPolicy: [String: [(ComplianceResult, PatchAssessment)]] = [:]
        for device in devices {
            let policy = policy(for: device)
            let evaluator = evaluators[policy.name] ?? {
                let made = ComplianceEvaluator(policy: policy, intelligence: intelligence, now: now)
                evaluators[policy.name] = made
                return made
            }()
            let assessment = intelligence.assess(device)
            let result = evaluator.evaluate(device, state: states[device.id] ?? DeviceSecurityState(), assessment: assessment, failingSince: failingSince[device.id])
            results.append(result)
            assessments.append(assessment)
            byPolicy[policy.name, default: []].append((result, assessment))
        }
        let summaries = byPolicy.keys.sorted().map { FleetRiskSummary(policy: policies[$0] ?? defaultPolicy, results: byPolicy[$0] ?? []) }
        return FleetComplianceReport(results: results, assessments: assessments, summaries: summaries)
    }
}

/// What `FleetCompliance.evaluate` found.
public struct FleetComplianceReport: Sendable {
    public var results: [ComplianceResult]
    public var assessments: [PatchAssessment]
    public var summaries: [FleetRiskSummary]
}
