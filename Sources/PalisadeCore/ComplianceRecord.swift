import Foundation

/// A device's last compliance verdict as stored: what business services read to decide whether to let it in,
/// and what the next evaluation needs (since when it fails, which actions were already taken).
public struct ComplianceRecord: Sendable, Hashable, Codable {
    public var deviceID: DeviceID
    public var policy: String
    public var verdict: ComplianceVerdict
    public var reasons: [ComplianceReason]
    /// When the device first failed, kept while it keeps failing.
    public var failingSince: Date?
    /// Graded actions already carried out for this spell of failing (`notify`, `restrict`, …); cleared once it
    /// complies again.
    public var actionsTaken: [String]
    /// Whether business services should refuse it.
    public var accessBlocked: Bool
    public var evaluatedAt: Date

    public init(
        deviceID: DeviceID, policy: String, verdict: ComplianceVerdict, reasons: [ComplianceReason], failingSince: Date?, actionsTaken: [String],
        accessBlocked: Bool, evaluatedAt: Date
    ) {
        self.deviceID = deviceID
        self.policy = policy
        self.verdict = verdict
        self.reasons = reasons
        self.failingSince = failingSince
        self.actionsTaken = actionsTaken
        self.accessBlocked = accessBlocked
        self.evaluatedAt = evaluatedAt
    }

    private enum CodingKeys: String, CodingKey {
        case deviceID = "deviceId", policy, verdict, reasons, failingSince, actionsTaken, accessBlocked, evaluatedAt
    }
}
