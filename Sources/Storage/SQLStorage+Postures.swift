import Foundation
import PalisadeCore

extension SQLStorage: DevicePostureStore {
    private static let postureColumns = """
        device_id, passcode_present, passcode_compliant, encrypted, supervised, installed_apps, apps_reported_at, updated_at
        """
    /// Ids bound into one `IN` list: well under SQLite's and PostgreSQL's parameter limits.
    static let postureLookupChunk = 500
    /// The batched lookup, for `postureLookupChunk` or fewer placeholders; `QueryPlanTests` checks it uses the key.
    static func postureLookup(count: Int) -> String {
        "SELECT \(postureColumns) FROM device_postures WHERE device_id IN (\(Array(repeating: "?", count: count).joined(separator: ", ")))"
    }

    public func posture(of device: DeviceID) async throws -> DevicePosture? {
        try await single("SELECT \(Self.postureColumns) FROM device_postures WHERE device_id = ?", .text(device.description))
            .first.map(Self.posture(from:))
    }

    public func postures(of ids: [DeviceID]) async throws -> [DeviceID: DevicePosture] {
        let unique = Array(Set(ids.map(\.description)))
        guard !unique.isEmpty else { return [:] }
        let chunk = Self.postureLookupChunk
        let rows = try await run { session in
            var rows: [SQLRow] = []
            for start in stride(from: 0, to: unique.count, by: chunk) {
                let slice = unique[start..<min(start + chunk, unique.count)]
                rows += try await session.query(Self.postureLookup(count: slice.count), slice.map(SQLValue.text))
            }
            return rows
        }
        return try Dictionary(uniqueKeysWithValues: rows.map(Self.posture(from:)).map { ($0.deviceID, $0) })
    }

    public func allPostures() async throws -> [DevicePosture] {
        try await single("SELECT \(Self.postureColumns) FROM device_postures ORDER BY device_id").map(Self.posture(from:))
    }

    public func recordSecurity(
        of device: DeviceID, passcodePresent: Bool?, passcodeCompliant: Bool?, encrypted: Bool?, at date: Date
    ) async throws {
        try await writePosture(of: device, at: date, [
            ("passcode_present", Self.flag(passcodePresent)), ("passcode_compliant", Self.flag(passcodeCompliant)),
            ("encrypted", Self.flag(encrypted)),
        ])
    }

    public func recordSupervision(of device: DeviceID, supervised: Bool, at date: Date) async throws {
        try await writePosture(of: device, at: date, [("supervised", SQLValue(supervised))])
    }

    public func recordInstalledApps(of device: DeviceID, identifiers: [String], at date: Date) async throws {
        let list = String(decoding: try JSONEncoder().encode(DevicePosture.normalizedApps(identifiers)), as: UTF8.self)
        try await writePosture(of: device, at: date, [("installed_apps", .text(list)), ("apps_reported_at", SQLValue(date))])
    }

    /// Creates or updates the device's row in one statement; a `.null` value keeps what is stored, which is what
    /// makes every report a partial update. The device must exist (the foreign key refuses others).
    private func writePosture(of device: DeviceID, at date: Date, _ values: [(column: String, value: SQLValue)]) async throws {
        let columns = values.map(\.column)
        let updates = (columns.map { "\($0) = COALESCE(excluded.\($0), device_postures.\($0))" } + ["updated_at = excluded.updated_at"])
            .joined(separator: ", ")
        let placeholders = Array(repeating: "?", count: values.count + 2).joined(separator: ", ")
        do {
            _ = try await run { session in
                try await session.query("""
                    INSERT INTO device_postures (device_id, \(columns.joined(separator: ", ")), updated_at) VALUES (\(placeholders))
                    ON CONFLICT (device_id) DO UPDATE SET \(updates)
                    """, [.text(device.description)] + values.map(\.value) + [SQLValue(date)])
            }
        } catch StoreError.notFound {
            throw StoreError.notFound(kind: "device", id: device.description)
        }
    }

    private static func flag(_ value: Bool?) -> SQLValue {
        value.map(SQLValue.init) ?? .null
    }

    private static func posture(from row: SQLRow) throws -> DevicePosture {
        guard let device = DeviceID(try row.requireText("device_id")), let updatedAt = row["updated_at"].date,
              let apps = try? JSONDecoder().decode([String].self, from: Data(try row.requireText("installed_apps").utf8))
        else { throw CorruptRow(column: "device_postures") }
        func flag(_ column: String) -> Bool? { row[column].integer.map { $0 != 0 } }
        return DevicePosture(
            deviceID: device, passcodePresent: flag("passcode_present"), passcodeCompliant: flag("passcode_compliant"),
            encrypted: flag("encrypted"), supervised: flag("supervised"), installedApps: apps,
            appsReportedAt: row["apps_reported_at"].date, updatedAt: updatedAt
        )
    }
}
