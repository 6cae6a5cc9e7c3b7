import Foundation
import PalisadeCore

extension SQLStorage: DeviceStore {
    static let deviceColumns = """
        id, platform, ownership, name, maker, model, os_version, os_build, security_patch_level, serial_number,
        imei, hardware_id, enrollment_state, enrolled_at, last_seen_at, created_at
        """

    public func createDevice(_ device: Device) async throws {
        try await run { session in
            try await session.query("""
                INSERT INTO devices (\(Self.deviceColumns))
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, Self.binds(of: device))
            try await Self.replaceTags(of: device, in: session)
        }
    }

    public func device(_ id: DeviceID) async throws -> Device? {
        try await run { session in
            try await Self.devices(where: "id = ?", [.text(id.description)], in: session).first
        }
    }

    public func device(hardwareID: String) async throws -> Device? {
        try await run { session in
            try await Self.devices(where: "hardware_id = ?", [.text(hardwareID)], in: session).first
        }
    }

    public func devices(matching filter: DeviceFilter, page: PageRequest) async throws -> Page<Device> {
        var (conditions, binds) = Self.conditions(for: filter)
        if let after = try PageCursor.key(page.cursor, kind: "device") {
            conditions.append("id > ?")
            binds.append(.text(after))
        }
        let whereClause = conditions.isEmpty ? "1 = 1" : conditions.joined(separator: " AND ")
        let limit = page.limit
        let found = try await run { [binds] session in
            try await Self.devices(where: "\(whereClause) ORDER BY id LIMIT \(limit + 1)", binds, in: session)
        }
        return PageCursor.page(of: found, limit: limit, kind: "device") { $0.id.description }
    }

    public func countDevices(matching filter: DeviceFilter) async throws -> Int {
        let (conditions, binds) = Self.conditions(for: filter)
        let whereClause = conditions.isEmpty ? "1 = 1" : conditions.joined(separator: " AND ")
        return try await run { session in
            let rows = try await session.query("SELECT COUNT(*) AS n FROM devices WHERE \(whereClause)", binds)
            return Int(rows.first?["n"].integer ?? 0)
        }
    }

    public func updateDevice(_ device: Device) async throws {
        try await run { session in
            let binds = Self.binds(of: device)
            let updated = try await session.query("""
                UPDATE devices SET platform = ?, ownership = ?, name = ?, maker = ?, model = ?, os_version = ?,
                    os_build = ?, security_patch_level = ?, serial_number = ?, imei = ?, hardware_id = ?,
                    enrollment_state = ?, enrolled_at = ?, last_seen_at = ?, created_at = ?
                WHERE id = ? RETURNING id
                """, Array(binds.dropFirst()) + [binds[0]])
            guard !updated.isEmpty else { throw StoreError.notFound(kind: "device", id: device.id.description) }
            try await Self.replaceTags(of: device, in: session)
        }
    }

    public func markSeen(_ id: DeviceID, at date: Date) async throws {
        _ = try await single("UPDATE devices SET last_seen_at = ? WHERE id = ?", SQLValue(date), .text(id.description))
    }

    public func deleteDevice(_ id: DeviceID) async throws -> Bool {
        try await run { session in
            try await !session.query("DELETE FROM devices WHERE id = ? RETURNING id", .text(id.description)).isEmpty
        }
    }

    public func recordEnrollment(_ enrollment: Enrollment) async throws {
        try await run { session in
            let device = SQLValue.text(enrollment.deviceID.description)
            let at = SQLValue(enrollment.enrolledAt)
            let marked = try await session.query(
                "UPDATE devices SET enrollment_state = 'enrolled', enrolled_at = ? WHERE id = ? RETURNING id", at, device
            )
            guard !marked.isEmpty else { throw StoreError.notFound(kind: "device", id: enrollment.deviceID.description) }
            try await session.query("UPDATE enrollments SET ended_at = ? WHERE device_id = ? AND ended_at IS NULL", at, device)
            try await session.query("""
                INSERT INTO enrollments (id, device_id, kind, external_id, enrolled_at, ended_at) VALUES (?, ?, ?, ?, ?, ?)
                """, .text(enrollment.id.uuidString), device, .text(enrollment.kind.rawValue),
                .text(enrollment.externalID), at, SQLValue(enrollment.endedAt))
            return ()
        }
    }

    public func endEnrollment(of device: DeviceID, at date: Date) async throws {
        try await run { session in
            let id = SQLValue.text(device.description)
            let marked = try await session.query(
                "UPDATE devices SET enrollment_state = 'unenrolled' WHERE id = ? RETURNING id", id
            )
            guard !marked.isEmpty else { throw StoreError.notFound(kind: "device", id: device.description) }
            try await session.query("UPDATE enrollments SET ended_at = ? WHERE device_id = ? AND ended_at IS NULL", SQLValue(date), id)
            return ()
        }
    }

    public func enrollments(of device: DeviceID) async throws -> [Enrollment] {
        try await run { session in
            try await session.query("""
                SELECT id, device_id, kind, external_id, enrolled_at, ended_at FROM enrollments
                WHERE device_id = ? ORDER BY enrolled_at, id
                """, .text(device.description)).map { row in
                guard let id = UUID(uuidString: try row.requireText("id")),
                      let deviceID = DeviceID(try row.requireText("device_id")),
                      let kind = Enrollment.Kind(rawValue: try row.requireText("kind")),
                      let enrolledAt = row["enrolled_at"].date
                else { throw CorruptRow(column: "enrollments") }
                return Enrollment(
                    id: id, deviceID: deviceID, kind: kind, externalID: try row.requireText("external_id"),
                    enrolledAt: enrolledAt, endedAt: row["ended_at"].date
                )
            }
        }
    }

    // MARK: Rows

    private static func binds(of device: Device) -> [SQLValue] {
        [
            .text(device.id.description), .text(device.platform.rawValue), .text(device.ownership.rawValue),
            SQLValue(device.name), SQLValue(device.maker), SQLValue(device.model), SQLValue(device.osVersion),
            SQLValue(device.osBuild), SQLValue(device.securityPatchLevel), SQLValue(device.serialNumber),
            SQLValue(device.imei), SQLValue(device.hardwareID), .text(device.enrollmentState.rawValue),
            SQLValue(device.enrolledAt), SQLValue(device.lastSeenAt), SQLValue(device.createdAt),
        ]
    }

    private static func replaceTags(of device: Device, in session: any SQLSession) async throws {
        let id = SQLValue.text(device.id.description)
        try await session.query("DELETE FROM device_tags WHERE device_id = ?", id)
        for tag in Tag.normalized(device.tags) {
            try await session.query("INSERT INTO device_tags (device_id, tag) VALUES (?, ?)", id, .text(tag))
        }
    }

    /// Devices matching a `WHERE` clause (which may end in `ORDER BY … LIMIT …`), with their tags.
    static func devices(where clause: String, _ binds: [SQLValue], in session: any SQLSession) async throws -> [Device] {
        let rows = try await session.query("SELECT \(deviceColumns) FROM devices WHERE \(clause)", binds)
        guard !rows.isEmpty else { return [] }
        let ids = try rows.map { try $0.requireText("id") }
        var tags: [String: [String]] = [:]
        for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
            let placeholders = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            let tagRows = try await session.query(
                "SELECT device_id, tag FROM device_tags WHERE device_id IN (\(placeholders))", chunk.map(SQLValue.text)
            )
            for row in tagRows {
                tags[try row.requireText("device_id"), default: []].append(try row.requireText("tag"))
            }
        }
        return try rows.map { row in
            let idText = try row.requireText("id")
            guard let id = DeviceID(idText),
                  let platform = Platform(rawValue: try row.requireText("platform")),
                  let ownership = Ownership(rawValue: try row.requireText("ownership")),
                  let state = EnrollmentState(rawValue: try row.requireText("enrollment_state")),
                  let createdAt = row["created_at"].date
            else { throw CorruptRow(column: "devices") }
            return Device(
                id: id, platform: platform, ownership: ownership, name: row["name"].text, maker: row["maker"].text,
                model: row["model"].text, osVersion: row["os_version"].text, osBuild: row["os_build"].text,
                securityPatchLevel: row["security_patch_level"].text, serialNumber: row["serial_number"].text,
                imei: row["imei"].text, hardwareID: row["hardware_id"].text, enrollmentState: state,
                enrolledAt: row["enrolled_at"].date, lastSeenAt: row["last_seen_at"].date,
                tags: tags[idText] ?? [], createdAt: createdAt
            )
        }
    }

    private static func conditions(for filter: DeviceFilter) -> (conditions: [String], binds: [SQLValue]) {
        var conditions: [String] = []
        var binds: [SQLValue] = []
        func add(_ condition: String, _ values: SQLValue...) {
            conditions.append(condition)
            binds.append(contentsOf: values)
        }
        if let platform = filter.platform { add("platform = ?", .text(platform.rawValue)) }
        if let ownership = filter.ownership { add("ownership = ?", .text(ownership.rawValue)) }
        if let state = filter.enrollmentState { add("enrollment_state = ?", .text(state.rawValue)) }
        if let maker = filter.maker { add("lower(maker) = ?", .text(maker.lowercased())) }
        if let model = filter.model { add("model = ?", .text(model)) }
        if let version = filter.osVersion { add("os_version = ?", .text(version)) }
        if let tag = filter.tag { add("id IN (SELECT device_id FROM device_tags WHERE tag = ?)", .text(tag)) }
        if let group = filter.groupID {
            add("id IN (SELECT device_id FROM group_members WHERE group_id = ?)", .text(group.uuidString))
        }
        if let before = filter.lastSeenBefore { add("(last_seen_at IS NULL OR last_seen_at < ?)", SQLValue(before)) }
        if let search = filter.search, !search.isEmpty {
            let escaped = search.lowercased()
                .replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_")
            let pattern = SQLValue.text("%\(escaped)%")
            let columns = ["name", "serial_number", "imei", "hardware_id"]
                .map { "lower(\($0)) LIKE ? ESCAPE '\\'" }.joined(separator: " OR ")
            add("(\(columns))", pattern, pattern, pattern, pattern)
        }
        return (conditions, binds)
    }
}
