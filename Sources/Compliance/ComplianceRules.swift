import PalisadeCore

/// What a device must be. A rule left nil (or false, or empty) is not checked.
public struct ComplianceRules: Sendable, Hashable, Codable {
    /// Patch age (days behind the newest patch its model could have) at most this.
    public var maxPatchAgeDays: Int?
    /// At least this many days of security support left (0: not past its end).
    public var minSupportDaysLeft: Int?
    /// Whether a model or OS with no known support end fails `minSupportDaysLeft`.
    public var unknownSupportIsNonCompliant: Bool
    /// At most this many actively exploited CVEs still open on it.
    public var maxExploitedCVEs: Int?
    /// The lowest OS version allowed per system (`ios`, `android`): `18`, `18.6`, `14`.
    public var minOSVersion: [String: String]
    public var requirePasscode: Bool
    public var requireEncryption: Bool
    /// Only for corporate Apple devices: personal devices cannot be supervised.
    public var requireSupervision: Bool
    /// App identifiers that must be installed (bundle IDs, package names).
    public var requiredApps: [String]
    /// App identifiers that must not be installed.
    public var forbiddenApps: [String]
    public var maxDaysSinceCheckIn: Int?
    /// Whether a patch claim the device cannot have (a future level, one past its model's support) fails it.
    public var refuseImplausiblePatchClaims: Bool

    public init(
        maxPatchAgeDays: Int? = nil, minSupportDaysLeft: Int? = nil, unknownSupportIsNonCompliant: Bool = false, maxExploitedCVEs: Int? = nil,
        minOSVersion: [String: String] = [:], requirePasscode: Bool = false, requireEncryption: Bool = false, requireSupervision: Bool = false,
        requiredApps: [String] = [], forbiddenApps: [String] = [], maxDaysSinceCheckIn: Int? = nil, refuseImplausiblePatchClaims: Bool = false
    ) {
        self.maxPatchAgeDays = maxPatchAgeDays
        self.minSupportDaysLeft = minSupportDaysLeft
        self.unknownSupportIsNonCompliant = unknownSupportIsNonCompliant
        self.maxExploitedCVEs = maxExploitedCVEs
        self.minOSVersion = minOSVersion
        self.requirePasscode = requirePasscode
        self.requireEncryption = requireEncryption
        self.requireSupervision = requireSupervision
        self.requiredApps = requiredApps
        self.forbiddenApps = forbiddenApps
        self.maxDaysSinceCheckIn = maxDaysSinceCheckIn
        self.refuseImplausiblePatchClaims = refuseImplausiblePatchClaims
    }
}

extension ComplianceRules {
    /// Rules whose unset value is absent from the encoded form, so a configuration may still name them.
    public static let optionalKeys: Set<String> = ["maxPatchAgeDays", "minSupportDaysLeft", "maxExploitedCVEs", "maxDaysSinceCheckIn"]
}
