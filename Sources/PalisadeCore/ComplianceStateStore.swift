/// Each device's last compliance verdict.
public protocol ComplianceStateStore: Sendable {
    func complianceRecord(of device: DeviceID) async throws -> ComplianceRecord?
    /// Every stored record, for the next evaluation of the fleet.
    func complianceRecords() async throws -> [DeviceID: ComplianceRecord]
    /// Inserts or replaces these records in one transaction; records of devices that no longer exist are skipped.
    func saveComplianceRecords(_ records: [ComplianceRecord]) async throws
}
