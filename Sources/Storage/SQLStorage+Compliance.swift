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
        let binds = try records.map(Self.upsertBinds(of:))
        try await run { [binds] session in
            for row in binds { try await session.query(Self.upsert, row) }
            return ()
        }
    }

    /// Record first, then the audit events, then the commands, all in one transaction: a failure anywhere rolls back
    /// the verdict and the audit chain's head with it.
    public func saveComplianceOutcome(_ outcome: DeviceComplianceOutcome) async throws -> Bool {
        let device = outcome.record.deviceID
        guard outcome.commands.allSatisfy({ $0.deviceID == device }) else {
            throw StoreError.invalidState("a compliance outcome for device \(device) carries another device's command")
        }
        let binds = try Self.upsertBinds(of: outcome.record)
        return try await run { [binds] session in
            // The row lock keeps the device from being deleted between this check and the inserts on PostgreSQL.
            let lock = session.dialect == .postgres ? " FOR UPDATE" : ""
            guard try await !session.query("SELECT id FROM devices WHERE id = ?\(lock)", .text(device.description)).isEmpty else {
                return false
            }
            try await session.query(Self.upsert, binds)
            for audit in outcome.audits { _ = try await Self.append(audit, in: session) }
            for command in outcome.commands { try await Self.insert(command, in: session) }
            return true
        }
    }

    // Rows of devices deleted since the evaluation read them are skipped, not an error: the device is gone.
    private static let upsert = """
        INSERT INTO compliance_records (\(complianceColumns))
        SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM devices WHERE id = ?)
        ON CONFLICT (device_id) DO UPDATE SET policy = excluded.policy, verdict = excluded.verdict, reasons = excluded.reasons,
            failing_since = excluded.failing_since, actions_taken = excluded.actions_taken, access_blocked = excluded.access_blocked,
            evaluated_at = excluded.evaluated_at
        """

    private static func upsertBinds(of record: ComplianceRecord) throws -> [SQLValue] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let id = SQLValue.text(record.deviceID.description)
        return [
            id, .text(record.policy), .text(record.verdict.rawValue), .text(String(decoding: try encoder.encode(record.reasons), as: UTF8.self)),
            SQLValue(record.failingSince), .text(String(decoding: try encoder.encode(record.actionsTaken), as: UTF8.self)),
            SQLValue(record.accessBlocked), SQLValue(record.evaluatedAt), id,
        ]
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
