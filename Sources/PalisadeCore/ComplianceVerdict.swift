/// A device's standing under its policy.
public enum ComplianceVerdict: String, Sendable, Hashable, Codable, CaseIterable {
    case compliant
    /// Fails a rule, but has not yet been failing for the policy's grace.
    case inGrace = "in-grace"
    case nonCompliant = "non-compliant"
}
