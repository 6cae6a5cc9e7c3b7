import PalisadeCore

import PatchIntel

/// How one tier's devices stand: verdict counts, exposure, and the reasons that fail most devices.
public struct FleetRiskSummary: Sendable, Hashable, Encodable {
    public var policy: String
    public var tier: RiskTier
    public var devices: Int = 0
    public var compliant: Int = 0
    public var inGrace: Int = 0
    public var nonCompliant: Int = 0
    public var accessBlocked: Int = 0
    /// Devices past their security support.
    public var endOfLife: Int = 0
    /// Devices with at least one actively exploited vulnerability open.
    public var exploitedExposed: Int = 0
    /// Devices whose model the catalogue does not know.
    public var unknownModels: Int = 0
    /// Median patch age of the devices whose age is known.
    public var medianPatchAgeDays: Int?
    /// Rule → devices failing it, most first.
    public var failingRules: [RuleCount] = []

    public struct RuleCount: Sendable, Hashable, Encodable {
        public var rule: String
        public var devices: Int
    }

    public init(policy: CompliancePolicy, results: [(ComplianceResult, PatchAssessment)]) {
        self.policy = policy.name
        tier = policy.tier
        devices = results.count
        var ages: [Int] = []
        var rules: [String: Int] = [:]
        for (result, assessment) in results {
            switch result.verdict {
            case .compliant: compliant += 1
            case .inGrace: inGrace += 1
            case .nonCompliant: nonCompliant += 1
            }
            if result.accessBlocked { accessBlocked += 1 }
            if assessment.lifecycle == .endOfLife { endOfLife += 1 }
            if !assessment.exploitedCVEs.isEmpty { exploitedExposed += 1 }
            if assessment.findings.contains(where: { if case .unknownModel = $0 { true } else { false } }) { unknownModels += 1 }
            if let age = assessment.patchAgeDays { ages.append(age) }
            for rule in Set(result.reasons.map(\.rule)) { rules[rule, default: 0] += 1 }
        }
        if !ages.isEmpty {
            ages.sort()
            medianPatchAgeDays = ages[ages.count / 2]
        }
        failingRules = rules.map { RuleCount(rule: $0.key, devices: $0.value) }.sorted { ($0.devices, $1.rule) > ($1.devices, $0.rule) }
    }
}
