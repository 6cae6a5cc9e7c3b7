import Compliance

/// The core's `compliance` configuration: the organisation's default tier, its own policies, how often the fleet
/// is evaluated.
public struct ComplianceSettings: Sendable, Hashable {
    /// The policy of devices without a `compliance:<policy>` tag: a tier's name or one of `policies`.
    public var defaultPolicy: String = RiskTier.standard.rawValue
    /// Policies beside the three tiers' defaults (a tier's policy with its own thresholds, say).
    public var policies: [CompliancePolicy] = []
    /// Seconds between fleet evaluations; 0 evaluates only on request (`POST /api/compliance/evaluate`).
    public var intervalSeconds: Int = 3600
    /// The organisation named in the restrictions profile.
    public var organization: String = "Palisade"

    public init() {}

    /// The default policy, resolved against the tiers and `policies`.
    public var resolvedDefault: CompliancePolicy? {
        policies.first { $0.name == defaultPolicy } ?? RiskTier(rawValue: defaultPolicy)?.defaultPolicy
    }
}
