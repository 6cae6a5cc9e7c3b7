/// What one compliance evaluation decided for one device: its new verdict, the commands its actions queue and the
/// audit events that say what was taken. Stored all or nothing, so the log never says "restrict taken" for a
/// restriction that was never queued, and a queued command never goes unrecorded.
public struct DeviceComplianceOutcome: Sendable, Hashable {
    public var record: ComplianceRecord
    /// Commands for `record.deviceID` only.
    public var commands: [Command]
    public var audits: [AuditRecord]

    public init(record: ComplianceRecord, commands: [Command] = [], audits: [AuditRecord] = []) {
        self.record = record
        self.commands = commands
        self.audits = audits
    }
}
