import Foundation
import PalisadeCore

extension SQLStorage: CommandQueue {
    static let commandColumns = """
        seq, id, device_id, request_type, payload, state, batch_id, requested_by, created_at, updated_at, sent_at,
        completed_at, expires_at, result
        """

    /// The hot query: a device's oldest command owed in this session (binds: device, session). Answered from
    /// the `commands_pending` partial index (on SQLite by an explicit `INDEXED BY`).
    static let nextForDevice = """
        device_id = ? AND state IN \(Schema.pendingStates) AND (state <> 'notNow' OR not_now_session < ?)
        ORDER BY seq LIMIT 1
        """

    public func enqueue(_ commands: [Command]) async throws {
        guard !commands.isEmpty else { return }
        try await run { session in
            for command in commands { try await Self.insert(command, in: session) }
        }
    }

    /// Inserts one command for a known device.
    static func insert(_ command: Command, in session: any SQLSession) async throws {
        let known = try await session.query("SELECT id FROM devices WHERE id = ?", .text(command.deviceID.description))
        guard !known.isEmpty else { throw StoreError.notFound(kind: "device", id: command.deviceID.description) }
        try await session.query("""
            INSERT INTO commands (id, device_id, request_type, payload, state, batch_id, requested_by,
                created_at, updated_at, sent_at, completed_at, expires_at, result)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            .text(command.id.uuidString), .text(command.deviceID.description), .text(command.requestType),
            .text(String(decoding: command.payload.encoded(), as: UTF8.self)), .text(command.state.rawValue),
            SQLValue(command.batchID?.uuidString), SQLValue(command.requestedBy?.uuidString),
            SQLValue(command.createdAt), SQLValue(command.updatedAt), SQLValue(command.sentAt),
            SQLValue(command.completedAt), SQLValue(command.expiresAt), SQLValue(command.result))
    }

    public func command(_ id: UUID) async throws -> Command? {
        try await run { session in
            try await Self.commands(where: "id = ?", [.text(id.uuidString)], in: session).first?.command
        }
    }

    public func commands(matching filter: CommandFilter, page: PageRequest) async throws -> Page<Command> {
        var conditions: [String] = []
        var binds: [SQLValue] = []
        if let device = filter.deviceID {
            conditions.append("device_id = ?")
            binds.append(.text(device.description))
        }
        if let state = filter.state {
            conditions.append("state = ?")
            binds.append(.text(state.rawValue))
        }
        if let type = filter.requestType {
            conditions.append("request_type = ?")
            binds.append(.text(type))
        }
        if let batch = filter.batchID {
            conditions.append("batch_id = ?")
            binds.append(.text(batch.uuidString))
        }
        if let before = try PageCursor.integerKey(page.cursor, kind: "command") {
            conditions.append("seq < ?")
            binds.append(.integer(before))
        }
        let clause = (conditions.isEmpty ? "1 = 1" : conditions.joined(separator: " AND "))
            + " ORDER BY seq DESC LIMIT \(page.limit + 1)"
        let found = try await run { [binds] session in try await Self.commands(where: clause, binds, in: session) }
        let slice = PageCursor.page(of: found, limit: page.limit, kind: "command") { String($0.seq) }
        return Page(items: slice.items.map(\.command), nextCursor: slice.nextCursor)
    }

    public func cancel(_ id: UUID, at date: Date) async throws -> Command {
        try await run { session in
            guard var command = try await Self.commands(where: "id = ?", [.text(id.uuidString)], in: session).first?.command else {
                throw StoreError.notFound(kind: "command", id: id.uuidString.lowercased())
            }
            guard command.state.isOpen else {
                throw StoreError.invalidState("command \(id.uuidString.lowercased()) is \(command.state.rawValue); only pending commands can be cancelled")
            }
            try await session.query(
                "UPDATE commands SET state = 'cancelled', updated_at = ?, completed_at = ? WHERE id = ?",
                SQLValue(date), SQLValue(date), .text(id.uuidString)
            )
            command.state = .cancelled
            command.updatedAt = date
            command.completedAt = date
            return command
        }
    }

    public func beginSession(for device: DeviceID) async throws -> Int64 {
        let rows = try await single(
            "UPDATE devices SET queue_session = queue_session + 1 WHERE id = ? RETURNING queue_session", .text(device.description)
        )
        guard let number = rows.first?["queue_session"].integer else {
            throw StoreError.notFound(kind: "device", id: device.description)
        }
        return number
    }

    public func currentSession(for device: DeviceID) async throws -> Int64 {
        guard let number = try await single(
            "SELECT queue_session FROM devices WHERE id = ?", .text(device.description)
        ).first?["queue_session"].integer else {
            throw StoreError.notFound(kind: "device", id: device.description)
        }
        return number
    }

    public func nextCommand(for device: DeviceID, session number: Int64, at date: Date) async throws -> Command? {
        let id = SQLValue.text(device.description)
        let now = SQLValue(date)
        try await single("""
            UPDATE commands SET state = 'expired', updated_at = ?, completed_at = ?
            WHERE device_id = ? AND state IN \(Schema.pendingStates) AND expires_at <= ?
            """, now, now, id, now)
        // One statement picks and marks the command. PostgreSQL: FOR UPDATE so that two cores serving one device
        // hand it out once; SQLite: the pending index, named, as its planner would not choose it unaided.
        let isPostgres = database.dialect == .postgres
        let rows = try await single("""
            UPDATE commands SET state = 'sent', sent_at = ?, updated_at = ?
            WHERE seq = (
                SELECT seq FROM commands\(isPostgres ? "" : " INDEXED BY commands_pending")
                WHERE \(Self.nextForDevice)\(isPostgres ? " FOR UPDATE" : "")
            )
            RETURNING \(Self.commandColumns)
            """, now, now, id, .integer(number))
        return try rows.first.map { try Self.command(from: $0).command }
    }

    public func record(
        _ report: CommandReport, for commandID: UUID, from device: DeviceID, session number: Int64, at date: Date
    ) async throws -> CommandRecording {
        // A device's report is fact and is kept, but only for a command it was sent (`sent_at`) and has not already
        // answered for good: a repeat must not move the completion time, and a NotNow must not bring a cancelled or
        // expired command back to life. One statement decides, so an ordinary report costs one round trip.
        let state = SQLValue.text(report.status.resultingState.rawValue)
        let finished: SQLValue = report.status.resultingState.isFinished ? SQLValue(date) : .null
        let id = SQLValue.text(commandID.uuidString)
        let owner = SQLValue.text(device.description)
        let rows = try await single("""
            UPDATE commands SET
                state = CASE WHEN ? = 'notNow' AND state NOT IN \(Schema.pendingStates) THEN state ELSE ? END,
                completed_at = CASE WHEN ? = 'notNow' AND state NOT IN \(Schema.pendingStates) THEN completed_at ELSE ? END,
                result = ?, updated_at = ?, not_now_session = ?
            WHERE id = ? AND device_id = ? AND sent_at IS NOT NULL AND state NOT IN \(Schema.answeredStates)
            RETURNING \(Self.commandColumns)
            """, state, state, state, finished, SQLValue(report.result), SQLValue(date),
            report.status == .notNow ? .integer(number) : .null, id, owner)
        if let row = rows.first { return .recorded(try Self.command(from: row).command) }
        // Rare: say why nothing changed.
        guard let row = try await single("SELECT \(Self.commandColumns) FROM commands WHERE id = ? AND device_id = ?", id, owner).first else {
            return .unknown
        }
        let command = try Self.command(from: row).command
        return command.sentAt == nil ? .neverSent(command) : .repeated(command)
    }

    public func expireCommands(at date: Date) async throws -> Int {
        try await run { session in
            let now = SQLValue(date)
            let pending = try await session.query("""
                UPDATE commands SET state = 'expired', updated_at = ?, completed_at = ?
                WHERE state IN \(Schema.pendingStates) AND expires_at IS NOT NULL AND expires_at <= ? RETURNING seq
                """, now, now, now).count
            // Approvals that were never signed in time end too (answered from `commands_awaiting`).
            let unsigned = try await session.query("""
                UPDATE commands SET state = 'expired', updated_at = ?, completed_at = ?
                WHERE state = 'awaitingApproval' AND expires_at IS NOT NULL AND expires_at <= ? RETURNING seq
                """, now, now, now).count
            return pending + unsigned
        }
    }

    public func pruneFinished(before date: Date, limit: Int) async throws -> Int {
        try await run { session in
            let pruned = try await session.query("""
                DELETE FROM commands WHERE seq IN (
                    SELECT seq FROM commands WHERE state IN \(Schema.finishedStates) AND updated_at < ?
                    ORDER BY updated_at LIMIT ?
                ) RETURNING seq
                """, SQLValue(date), .integer(Int64(max(0, limit)))).count
            try await session.query("DELETE FROM approvals WHERE NOT EXISTS (SELECT 1 FROM commands WHERE commands.id = approvals.command_id)")
            return pruned
        }
    }

    /// Commands matching a `WHERE` clause. `index` names the index SQLite must answer from; without statistics
    /// its planner prefers the wider per-device index, which also walks every finished command.
    private static func commands(
        where clause: String, _ binds: [SQLValue], in session: any SQLSession, index: String? = nil
    ) async throws -> [(seq: Int64, command: Command)] {
        let hint = index.map { session.dialect == .sqlite ? " INDEXED BY \($0)" : "" } ?? ""
        return try await session.query("SELECT \(commandColumns) FROM commands\(hint) WHERE \(clause)", binds).map(command(from:))
    }

    static func command(from row: SQLRow) throws -> (seq: Int64, command: Command) {
        guard let id = UUID(uuidString: try row.requireText("id")),
              let device = DeviceID(try row.requireText("device_id")),
              let state = CommandState(rawValue: try row.requireText("state")),
              let createdAt = row["created_at"].date, let updatedAt = row["updated_at"].date
        else { throw CorruptRow(column: "commands") }
        let payload = try JSONValue.decode(Data(try row.requireText("payload").utf8))
        let command = Command(
            id: id, deviceID: device, requestType: try row.requireText("request_type"), payload: payload,
            state: state, batchID: row["batch_id"].text.flatMap(UUID.init(uuidString:)),
            requestedBy: row["requested_by"].text.flatMap(UUID.init(uuidString:)), createdAt: createdAt,
            updatedAt: updatedAt, sentAt: row["sent_at"].date, completedAt: row["completed_at"].date,
            expiresAt: row["expires_at"].date, result: row["result"].data
        )
        return (try row.requireInteger("seq"), command)
    }
}
