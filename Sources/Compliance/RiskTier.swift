import PalisadeCore

/// A deployment profile chosen by what the organisation must protect: it sets the policy defaults.
///
/// - `highThreat`: devices that targeted attackers go after (officials, defence, investigators). Exposure to an
///   exploited vulnerability is not tolerated, patches are due within a month, and non-compliance escalates
///   within days to blocking and locking.
/// - `standard`: an ordinary workforce. A quarter's patch age, supported models, a week's grace, no automatic lock.
/// - `businessContinuity`: devices whose availability matters more than their freshness (shop floor, field
///   crews, scanners): long thresholds, and actions that warn and restrict but never cut a worker off.
public enum RiskTier: String, Sendable, Hashable, Codable, CaseIterable {
    case highThreat = "high-threat"
    case standard
    case businessContinuity = "business-continuity"

    /// The tier's default policy.
    public var defaultPolicy: CompliancePolicy {
        switch self {
        case .highThreat:
            CompliancePolicy(
                name: rawValue, tier: self,
                rules: ComplianceRules(
                    maxPatchAgeDays: 30, minSupportDaysLeft: 180, unknownSupportIsNonCompliant: true, maxExploitedCVEs: 0,
                    minOSVersion: ["ios": "18", "android": "14"], requirePasscode: true, requireEncryption: true, requireSupervision: true,
                    maxDaysSinceCheckIn: 3, refuseImplausiblePatchClaims: true
                ),
                graceDays: 2,
                actions: [.init(.notify, afterDays: 0), .init(.restrict, afterDays: 2), .init(.blockAccess, afterDays: 2), .init(.lock, afterDays: 7)]
            )
        case .standard:
            CompliancePolicy(
                name: rawValue, tier: self,
                rules: ComplianceRules(
                    maxPatchAgeDays: 90, minSupportDaysLeft: 0, unknownSupportIsNonCompliant: false, maxExploitedCVEs: nil,
                    minOSVersion: [:], requirePasscode: true, requireEncryption: true, requireSupervision: false,
                    maxDaysSinceCheckIn: 14, refuseImplausiblePatchClaims: true
                ),
                graceDays: 7,
                actions: [.init(.notify, afterDays: 0), .init(.restrict, afterDays: 7), .init(.blockAccess, afterDays: 14)]
            )
        case .businessContinuity:
            CompliancePolicy(
                name: rawValue, tier: self,
                rules: ComplianceRules(
                    maxPatchAgeDays: 180, minSupportDaysLeft: nil, unknownSupportIsNonCompliant: false, maxExploitedCVEs: nil,
                    minOSVersion: [:], requirePasscode: true, requireEncryption: false, requireSupervision: false,
                    maxDaysSinceCheckIn: 30, refuseImplausiblePatchClaims: false
                ),
                graceDays: 14,
                actions: [.init(.notify, afterDays: 0), .init(.restrict, afterDays: 30)]
            )
        }
    }
}
