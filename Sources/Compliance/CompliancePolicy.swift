import PalisadeCore

/// A named set of rules, the grace a failing device gets, and the actions that follow.
public struct CompliancePolicy: Sendable, Hashable, Codable {
    public var name: String
    public var tier: RiskTier
    public var rules: ComplianceRules
    /// Days a failing device is "in grace" before it is non-compliant.
    public var graceDays: Int
    public var actions: [GradedAction]

    public init(name: String, tier: RiskTier, rules: ComplianceRules, graceDays: Int, actions: [GradedAction]) {
        self.name = name
        self.tier = tier
        self.rules = rules
        self.graceDays = graceDays
        self.actions = actions.sorted { ($0.afterDays, $0.kind) < ($1.afterDays, $1.kind) }
    }
}
