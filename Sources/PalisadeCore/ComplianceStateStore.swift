/// Each device's last compliance verdict.
public protocol ComplianceStateStore: Sendable {
    func complianceRecord(of device: DeviceID) async throws -> ComplianceRecord?
    /// Every stored record, for the next evaluation of the fleet.
    func complianceRecords() async throws -> [DeviceID: ComplianceRecord]
    /// Inserts or replaces these records in one transaction; records of devices that no longer exist are skipped.
    func saveComplianceRecords(_ records: [ComplianceRecord]) async throws
    /// Stores one device's verdict, queues its commands and appends its audit events in one transaction: if any
    /// part fails, none is kept. Returns false, storing nothing, when the device no longer exists.
    @discardableResult
    func saveComplianceOutcome(_ outcome: DeviceComplianceOutcome) async throws -> Bool
}
