import Foundation
import PalisadeCore

extension SQLStorage: ComplianceStateStore {
    private static let complianceColumns = "device_id, policy, verdict, reasons, failing_since, actions_taken, access_blocked, evaluated_at"

    public func complianceRecord(of device: DeviceID) async throws -> ComplianceRecord? {
        try await single("SELECT \(Self.complianceColumns) FROM compliance_records WHERE device_id = ?", .text(device.description))
            .first.map(Self.complianceRecord(from:))
    }

    public func complianceRecords() async throws -> [DeviceID: ComplianceRecord] {
        let rows = try await single("SELECT \(Self.complianceColumns) FROM compliance_records")
        var records: [DeviceID: ComplianceRecord] = [:]
        records.reserveCapacity(rows.count)
        for row in rows {
            let record = try Self.complianceRecord(from: row)
            records[record.deviceID] = record
        }
        return records
    }

    public func saveComplianceRecords(_ records: [ComplianceRecord]) async throws {
        guard !records.isEmpty else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        // Rows of devices deleted since the evaluation read them are skipped, not an error: the device is gone.
        let statement = """
            INSERT INTO compliance_records (\(Self.complianceColumns))
            SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM devices WHERE id = ?)
            ON CONFLICT (device_id) DO UPDATE SET policy = excluded.policy, verdict = excluded.verdict, reasons = excluded.reasons,
                failing_since = excluded.failing_since, actions_taken = excluded.actions_taken, access_blocked = excluded.access_blocked,
                evaluated_at = excluded.evaluated_at
            """
        var binds: [[SQLValue]] = []
        for record in records {
            let id = SQLValue.text(record.deviceID.description)
            binds.append([
                id, .text(record.policy), .text(record.verdict.rawValue), .text(String(decoding: try encoder.encode(record.reasons), as: UTF8.self)),
                SQLValue(record.failingSince), .text(String(decoding: try encoder.encode(record.actionsTaken), as: UTF8.self)),
                SQLValue(record.accessBlocked), SQLValue(record.evaluatedAt), id,
            ])
        }
        try await run { [binds] session in
            for row in binds { try await session.query(statement, row) }
            return ()
        }
    }

    private static func complianceRecord(from row: SQLRow) throws -> ComplianceRecord {
        let decoder = JSONDecoder()
        guard let device = DeviceID(try row.requireText("device_id")),
              let verdict = ComplianceVerdict(rawValue: try row.requireText("verdict")),
              let evaluatedAt = row["evaluated_at"].date
        else { throw CorruptRow(column: "compliance_records") }
        return ComplianceRecord(
            deviceID: device, policy: try row.requireText("policy"), verdict: verdict,
            reasons: try decoder.decode([ComplianceReason].self, from: Data(try row.requireText("reasons").utf8)),
            failingSince: row["failing_since"].date,
            actionsTaken: try decoder.decode([String].self, from: Data(try row.requireText("actions_taken").utf8)),
            accessBlocked: try row.requireInteger("access_blocked") != 0, evaluatedAt: evaluatedAt
        )
    }
}
