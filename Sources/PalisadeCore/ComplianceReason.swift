/// One rule a device fails, said so that an administrator knows what to fix.
public struct ComplianceReason: Sendable, Hashable, Codable {
    /// The rule: `patchAge`, `supportLeft`, `exploitedCVEs`, `osVersion`, `passcode`, `encryption`, `supervision`,
    /// `requiredApp`, `forbiddenApp`, `checkIn`, `implausiblePatch`, `unreadablePatch`.
    public var rule: String
    public var message: String

    public init(rule: String, message: String) {
        self.rule = rule
        self.message = message
    }
}
