import Foundation
import PalisadeCore

extension SQLStorage: GroupStore {
    public func createGroup(_ group: DeviceGroup) async throws {
        try await run { session in
            try await session.query(
                "INSERT INTO device_groups (id, name, description, created_at) VALUES (?, ?, ?, ?)",
                .text(group.id.uuidString), .text(group.name), .text(group.description), SQLValue(group.createdAt)
            )
            return ()
        }
    }

    public func group(_ id: UUID) async throws -> DeviceGroup? {
        try await run { session in
            try await Self.groups(where: "id = ?", [.text(id.uuidString)], in: session).first
        }
    }

    public func groups(page: PageRequest) async throws -> Page<DeviceGroup> {
        let after = try PageCursor.key(page.cursor, kind: "group")
        let limit = page.limit
        let found = try await run { session in
            if let after {
                try await Self.groups(where: "name > ? ORDER BY name LIMIT \(limit + 1)", [.text(after)], in: session)
            } else {
                try await Self.groups(where: "1 = 1 ORDER BY name LIMIT \(limit + 1)", [], in: session)
            }
        }
        return PageCursor.page(of: found, limit: limit, kind: "group") { $0.name }
    }

    public func updateGroup(_ group: DeviceGroup) async throws {
        try await run { session in
            let updated = try await session.query(
                "UPDATE device_groups SET name = ?, description = ? WHERE id = ? RETURNING id",
                .text(group.name), .text(group.description), .text(group.id.uuidString)
            )
            guard !updated.isEmpty else { throw StoreError.notFound(kind: "group", id: group.id.uuidString.lowercased()) }
        }
    }

    public func deleteGroup(_ id: UUID) async throws -> Bool {
        try await run { session in
            try await !session.query("DELETE FROM device_groups WHERE id = ? RETURNING id", .text(id.uuidString)).isEmpty
        }
    }

    public func addMembers(_ devices: [DeviceID], to group: UUID) async throws {
        try await run { session in
            guard try await !session.query("SELECT id FROM device_groups WHERE id = ?", .text(group.uuidString)).isEmpty else {
                throw StoreError.notFound(kind: "group", id: group.uuidString.lowercased())
            }
            for device in Set(devices).sorted() {
                let known = try await session.query("SELECT id FROM devices WHERE id = ?", .text(device.description))
                guard !known.isEmpty else { throw StoreError.notFound(kind: "device", id: device.description) }
                try await session.query(
                    "INSERT INTO group_members (group_id, device_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    .text(group.uuidString), .text(device.description)
                )
            }
        }
    }

    public func removeMember(_ device: DeviceID, from group: UUID) async throws -> Bool {
        try await run { session in
            try await !session.query(
                "DELETE FROM group_members WHERE group_id = ? AND device_id = ? RETURNING device_id",
                .text(group.uuidString), .text(device.description)
            ).isEmpty
        }
    }

    public func members(of group: UUID, page: PageRequest) async throws -> Page<DeviceID> {
        let after = try PageCursor.key(page.cursor, kind: "member") ?? ""
        let limit = page.limit
        let found = try await run { session in
            try await session.query("""
                SELECT device_id FROM group_members WHERE group_id = ? AND device_id > ?
                ORDER BY device_id LIMIT \(limit + 1)
                """, .text(group.uuidString), .text(after)).map { row in
                guard let id = DeviceID(try row.requireText("device_id")) else { throw CorruptRow(column: "device_id") }
                return id
            }
        }
        return PageCursor.page(of: found, limit: limit, kind: "member") { $0.description }
    }

    public func allMembers(of group: UUID) async throws -> [DeviceID] {
        try await run { session in
            try await session.query(
                "SELECT device_id FROM group_members WHERE group_id = ? ORDER BY device_id", .text(group.uuidString)
            ).compactMap { DeviceID(try $0.requireText("device_id")) }
        }
    }

    public func groups(containing device: DeviceID) async throws -> [DeviceGroup] {
        try await run { session in
            try await Self.groups(
                where: "id IN (SELECT group_id FROM group_members WHERE device_id = ?) ORDER BY name",
                [.text(device.description)], in: session
            )
        }
    }

    private static func groups(where clause: String, _ binds: [SQLValue], in session: any SQLSession) async throws -> [DeviceGroup] {
        try await session.query("SELECT id, name, description, created_at FROM device_groups WHERE \(clause)", binds).map { row in
            guard let id = UUID(uuidString: try row.requireText("id")), let createdAt = row["created_at"].date else {
                throw CorruptRow(column: "device_groups")
            }
            return DeviceGroup(
                id: id, name: try row.requireText("name"), description: try row.requireText("description"), createdAt: createdAt
            )
        }
    }
}
