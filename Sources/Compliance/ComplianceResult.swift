import Foundation
import PalisadeCore

/// A device's verdict, every reason for it, and what is due because of it.
public struct ComplianceResult: Sendable, Hashable, Encodable {
    public var deviceID: DeviceID
    public var policy: String
    public var verdict: ComplianceVerdict
    public var reasons: [ComplianceReason]
    /// When it first failed (kept across evaluations while it keeps failing); nil when compliant.
    public var failingSince: Date?
    /// When its grace ends; nil when compliant.
    public var graceEndsAt: Date?
    /// Actions whose delay has passed, mildest first.
    public var actionsDue: [GradedAction.Kind]

    /// The verdict business services read: blocked once `block-access` (or a harsher action) is due.
    public var accessBlocked: Bool { actionsDue.contains { $0 >= .blockAccess } }

    private enum CodingKeys: String, CodingKey {
        case deviceID = "deviceId", policy, verdict, reasons, failingSince, graceEndsAt, actionsDue, accessBlocked
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(deviceID, forKey: .deviceID)
        try container.encode(policy, forKey: .policy)
        try container.encode(verdict, forKey: .verdict)
        try container.encode(reasons, forKey: .reasons)
        try container.encode(failingSince, forKey: .failingSince)
        try container.encode(graceEndsAt, forKey: .graceEndsAt)
        try container.encode(actionsDue, forKey: .actionsDue)
        try container.encode(accessBlocked, forKey: .accessBlocked)
    }
}
