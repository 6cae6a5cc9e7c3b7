import AppleMDM
import Foundation

/// What the inspector holds device traffic to. The defaults follow the device endpoints Palisade's core serves
/// (`Sources/Core/Apple/DeviceEndpoints.swift`); change a number here, not in the rules.
public struct InspectionPolicy: Sendable, Hashable {
    /// A suspicious rule's weight or a block rule's severity, changed by configuration.
    public struct RuleOverride: Sendable, Hashable {
        public var severity: InspectionSeverity
        public var weight: Int

        public init(severity: InspectionSeverity, weight: Int) {
            self.severity = severity
            self.weight = weight
        }
    }

    /// Limits for check-in and connect bodies, passed to AppleMDM's `PropertyListGuard` (1 MiB, 32 levels, …).
    public var deviceMessageLimits: PropertyListLimits
    /// Limits for command plists and check-in replies going out: commands carry profiles and app manifests, so
    /// bodies and data run larger than anything a device sends.
    public var responseLimits: PropertyListLimits
    /// Largest SCEP POST body (DER pkiMessage), and largest decoded `message` on a SCEP GET.
    public var maximumSCEPMessageSize: Int
    /// Longest `Mdm-Signature` value, in characters of base64.
    public var maximumSignatureLength: Int
    /// Longest invitation id in `/enroll/<invitation>`.
    public var maximumInvitationLength: Int
    /// Largest JSON reply to a declarative-management check-in.
    public var maximumJSONReplySize: Int

    /// Score at or above which suspicious rules refuse.
    public var anomalyThreshold: Int
    /// Report what fired but pass everything: for rolling the edge out in front of an existing fleet.
    public var detectOnly: Bool
    /// Changes to rules' severities and weights, by rule id.
    public var ruleOverrides: [String: RuleOverride]

    /// Per device (UDID or EnrollmentID). A result answering a command the edge handed that device is not charged
    /// (`OutstandingCommands`), so a device working through a long queue is never throttled; Idle, check-ins and
    /// results for commands it was not handed are.
    public var deviceRate: RateLimit
    /// Per source address. Whole offices of devices can sit behind one NAT address, hence the generous numbers.
    public var sourceRate: RateLimit
    /// Most keys each rate limiter tracks; beyond it the longest-idle keys are forgotten.
    public var maximumRateKeys: Int
    /// How long after its CMS signing time a signed message is still fresh, by the edge's clock. Beyond it (plus
    /// `signatureClockSkew`) the message is refused as stale: a replay of a captured message ages out here.
    public var signatureMaximumAge: TimeInterval
    /// How far a device's clock may disagree with the edge's, either way: a signing time up to this far in the future
    /// is accepted, and this much is added to `signatureMaximumAge` for the past.
    public var signatureClockSkew: TimeInterval
    /// Refuse a signed message whose signature carries no signing time. Off by default: macOS's mdmclient signs
    /// without one (iOS, iPadOS and tvOS sign with one), and such a message has no age to judge.
    public var requireSigningTime: Bool
    /// Commands the edge remembers as handed to each device and not yet answered (their results are not charged
    /// to the device's rate); the oldest are forgotten first. A device answers one command per request, so a few
    /// are enough; devices beyond `maximumRateKeys` are forgotten longest-idle first.
    public var maximumOutstandingCommandsPerDevice: Int

    public init(
        deviceMessageLimits: PropertyListLimits = .deviceMessage,
        responseLimits: PropertyListLimits = PropertyListLimits(
            maximumBodySize: 16 << 20, maximumDepth: 32, maximumStringLength: 1 << 20, maximumDataLength: 16 << 20),
        maximumSCEPMessageSize: Int = 256 << 10,
        maximumSignatureLength: Int = 64 << 10,
        maximumInvitationLength: Int = 64,
        maximumJSONReplySize: Int = 4 << 20,
        anomalyThreshold: Int = 50,
        detectOnly: Bool = false,
        ruleOverrides: [String: RuleOverride] = [:],
        deviceRate: RateLimit = RateLimit(burst: 60, perSecond: 1),
        sourceRate: RateLimit = RateLimit(burst: 600, perSecond: 20),
        maximumRateKeys: Int = 100_000,
        signatureMaximumAge: TimeInterval = 300,
        signatureClockSkew: TimeInterval = 300,
        requireSigningTime: Bool = false,
        maximumOutstandingCommandsPerDevice: Int = 8
    ) {
        self.deviceMessageLimits = deviceMessageLimits
        self.responseLimits = responseLimits
        self.maximumSCEPMessageSize = maximumSCEPMessageSize
        self.maximumSignatureLength = maximumSignatureLength
        self.maximumInvitationLength = maximumInvitationLength
        self.maximumJSONReplySize = maximumJSONReplySize
        self.anomalyThreshold = anomalyThreshold
        self.detectOnly = detectOnly
        self.ruleOverrides = ruleOverrides
        self.deviceRate = deviceRate
        self.sourceRate = sourceRate
        self.maximumRateKeys = maximumRateKeys
        self.signatureMaximumAge = signatureMaximumAge
        self.signatureClockSkew = signatureClockSkew
        self.requireSigningTime = requireSigningTime
        self.maximumOutstandingCommandsPerDevice = maximumOutstandingCommandsPerDevice
    }

    public static let standard = InspectionPolicy()
}
