import Foundation
import PalisadeCore

extension SQLStorage: ApprovalStore {
    private static let approvalColumns = """
        command_id, device_id, request_type, target, requester, statement, sealed_payload, required, signatures, created_at,
        expires_at, approved_at
        """

    public func enqueue(_ commands: [Command], awaiting approvals: [CommandApproval]) async throws {
        guard !commands.isEmpty else { return }
        try await run { session in
            for command in commands { try await Self.insert(command, in: session) }
            for approval in approvals {
                try await session.query("""
                    INSERT INTO approvals (\(Self.approvalColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    .text(approval.commandID.uuidString), .text(approval.deviceID.description), .text(approval.requestType),
                    .text(approval.target), .text(approval.requester.uuidString), .text(String(decoding: approval.statement, as: UTF8.self)),
                    .blob([UInt8](approval.sealedPayload)), .integer(Int64(approval.required)), .text(try Self.encode(approval.signatures)),
                    SQLValue(approval.createdAt), SQLValue(approval.expiresAt), SQLValue(approval.approvedAt))
            }
        }
    }

    public func approval(for command: UUID) async throws -> CommandApproval? {
        try await single("SELECT \(Self.approvalColumns) FROM approvals WHERE command_id = ?", .text(command.uuidString))
            .first.map(Self.approval(from:))
    }

    public func approvals(awaitingOnly: Bool, page: PageRequest) async throws -> Page<CommandApproval> {
        var conditions: [String] = []
        var binds: [SQLValue] = []
        if awaitingOnly {
            conditions.append("approved_at IS NULL AND EXISTS (SELECT 1 FROM commands WHERE commands.id = approvals.command_id AND state = 'awaitingApproval')")
        }
        if let cursor = page.cursor {
            let parts = cursor.split(separator: "/", maxSplits: 1)
            guard parts.count == 2, let at = Int64(parts[0]), UUID(uuidString: String(parts[1])) != nil else {
                throw StoreError.invalidCursor
            }
            conditions.append("(created_at < ? OR (created_at = ? AND command_id < ?))")
            binds += [.integer(at), .integer(at), .text(String(parts[1]))]
        }
        let clause = (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
            + " ORDER BY created_at DESC, command_id DESC LIMIT \(page.limit + 1)"
        let rows = try await run { [binds] session in
            try await session.query("SELECT \(Self.approvalColumns) FROM approvals" + clause, binds)
        }
        let found = try rows.map(Self.approval(from:))
        let items = Array(found.prefix(page.limit))
        let next = found.count > page.limit ? items.last.map { "\(SQLValue.microseconds($0.createdAt))/\($0.commandID.uuidString)" } : nil
        return Page(items: items, nextCursor: next)
    }

    public func addSignature(
        _ signature: CommandApproval.Signature, to command: UUID, at date: Date, isApproved: @Sendable (CommandApproval) -> Bool
    ) async throws -> (CommandApproval, Command) {
        let lock = database.dialect == .postgres ? " FOR UPDATE" : ""
        return try await run { session in
            guard let row = try await session.query(
                "SELECT \(Self.approvalColumns) FROM approvals WHERE command_id = ?\(lock)", .text(command.uuidString)
            ).first else {
                throw StoreError.notFound(kind: "approval", id: command.uuidString.lowercased())
            }
            var approval = try Self.approval(from: row)
            let state = try await session.query("SELECT state FROM commands WHERE id = ?\(lock)", .text(command.uuidString)).first?["state"].text
            guard state == CommandState.awaitingApproval.rawValue else {
                throw StoreError.invalidState("command \(command.uuidString.lowercased()) is \(state ?? "gone"); it no longer waits for signatures")
            }
            guard !approval.signatures.contains(where: { $0.keyFingerprint == signature.keyFingerprint }) else {
                throw StoreError.conflict("key \(signature.keyFingerprint) has already signed this approval")
            }
            approval.signatures.append(signature)
            if isApproved(approval) {
                approval.approvedAt = date
                try await session.query(
                    "UPDATE commands SET state = 'queued', updated_at = ? WHERE id = ? AND state = 'awaitingApproval'",
                    SQLValue(date), .text(command.uuidString)
                )
            }
            try await session.query(
                "UPDATE approvals SET signatures = ?, approved_at = ? WHERE command_id = ?",
                .text(try Self.encode(approval.signatures)), SQLValue(approval.approvedAt), .text(command.uuidString)
            )
            guard let updated = try await session.query(
                "SELECT \(Self.commandColumns) FROM commands WHERE id = ?", .text(command.uuidString)
            ).first else { throw StoreError.notFound(kind: "command", id: command.uuidString.lowercased()) }
            return (approval, try Self.command(from: updated).command)
        }
    }

    public func recordWipeBreakerTrip(_ trip: WipeBreakerTrip) async throws -> WipeBreakerTrip {
        try await run { session in
            let key: [SQLValue] = [.text(trip.edge), .integer(trip.trippedAt)]
            if let existing = try await session.query(
                "SELECT * FROM wipe_breaker_trips WHERE edge = ? AND tripped_at = ?", key
            ).first {
                return try Self.trip(from: existing)
            }
            try await session.query(
                "INSERT INTO wipe_breaker_trips (edge, tripped_at, reported_at, release_expires_at, signatures, released_at) VALUES (?, ?, ?, ?, ?, ?)",
                .text(trip.edge), .integer(trip.trippedAt), SQLValue(trip.reportedAt), .integer(trip.releaseExpiresAt),
                .text(try Self.encode(trip.signatures)), SQLValue(trip.releasedAt)
            )
            return trip
        }
    }

    public func markWipeBreakerReleased(edge: String, trippedAt: Int64, at date: Date) async throws {
        _ = try await single(
            "UPDATE wipe_breaker_trips SET released_at = ? WHERE edge = ? AND tripped_at = ? AND released_at IS NULL",
            SQLValue(date), .text(edge), .integer(trippedAt)
        )
    }

    public func addReleaseSignature(_ signature: CommandApproval.Signature, edge: String, trippedAt: Int64) async throws -> WipeBreakerTrip {
        let lock = database.dialect == .postgres ? " FOR UPDATE" : ""
        return try await run { session in
            guard let row = try await session.query(
                "SELECT * FROM wipe_breaker_trips WHERE edge = ? AND tripped_at = ?\(lock)", .text(edge), .integer(trippedAt)
            ).first else {
                throw StoreError.notFound(kind: "wipe breaker trip", id: "\(trippedAt)")
            }
            var trip = try Self.trip(from: row)
            guard trip.releasedAt == nil else { throw StoreError.invalidState("this trip was already released") }
            guard !trip.signatures.contains(where: { $0.keyFingerprint == signature.keyFingerprint }) else {
                throw StoreError.conflict("key \(signature.keyFingerprint) has already signed this release")
            }
            trip.signatures.append(signature)
            try await session.query(
                "UPDATE wipe_breaker_trips SET signatures = ? WHERE edge = ? AND tripped_at = ?",
                .text(try Self.encode(trip.signatures)), .text(edge), .integer(trippedAt)
            )
            return trip
        }
    }

    public func openWipeBreakerTrips() async throws -> [WipeBreakerTrip] {
        try await single("SELECT * FROM wipe_breaker_trips WHERE released_at IS NULL ORDER BY tripped_at, edge").map(Self.trip(from:))
    }

    private static func encode(_ signatures: [CommandApproval.Signature]) throws -> String {
        String(decoding: try JSONEncoder().encode(signatures), as: UTF8.self)
    }

    private static func decodeSignatures(_ text: String, table: String) throws -> [CommandApproval.Signature] {
        do {
            return try JSONDecoder().decode([CommandApproval.Signature].self, from: Data(text.utf8))
        } catch {
            throw CorruptRow(column: table + ".signatures")
        }
    }

    private static func approval(from row: SQLRow) throws -> CommandApproval {
        guard let id = UUID(uuidString: try row.requireText("command_id")), let device = DeviceID(try row.requireText("device_id")),
              let requester = UUID(uuidString: try row.requireText("requester")), let sealed = row["sealed_payload"].data,
              let createdAt = row["created_at"].date, let expiresAt = row["expires_at"].date
        else { throw CorruptRow(column: "approvals") }
        return CommandApproval(
            commandID: id, deviceID: device, requestType: try row.requireText("request_type"), target: try row.requireText("target"),
            requester: requester, statement: Data(try row.requireText("statement").utf8), sealedPayload: sealed,
            required: Int(try row.requireInteger("required")),
            signatures: try decodeSignatures(try row.requireText("signatures"), table: "approvals"), createdAt: createdAt,
            expiresAt: expiresAt, approvedAt: row["approved_at"].date
        )
    }

    private static func trip(from row: SQLRow) throws -> WipeBreakerTrip {
        guard let reportedAt = row["reported_at"].date else { throw CorruptRow(column: "wipe_breaker_trips") }
        return WipeBreakerTrip(
            edge: try row.requireText("edge"), trippedAt: try row.requireInteger("tripped_at"), reportedAt: reportedAt,
            releaseExpiresAt: try row.requireInteger("release_expires_at"),
            signatures: try decodeSignatures(try row.requireText("signatures"), table: "wipe_breaker_trips"),
            releasedAt: row["released_at"].date
        )
    }
}
