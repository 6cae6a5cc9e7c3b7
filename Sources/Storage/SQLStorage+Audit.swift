import Foundation
import PalisadeCore

extension SQLStorage: AuditLog {
    public func append(_ record: AuditRecord) async throws -> AuditEvent {
        try await run { session in
            let detail = String(decoding: record.detail.encoded(), as: UTF8.self)
            let rows = try await session.query(
                "INSERT INTO audit_events (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?) RETURNING seq",
                SQLValue(record.at), .text(record.actor.text), .text(record.action), SQLValue(record.target), .text(detail)
            )
            return AuditEvent(
                sequence: try rows.first?.requireInteger("seq") ?? 0, at: record.at, actor: record.actor,
                action: record.action, target: record.target, detail: record.detail
            )
        }
    }

    public func events(matching filter: AuditFilter, page: PageRequest) async throws -> Page<AuditEvent> {
        var conditions: [String] = []
        var binds: [SQLValue] = []
        if let action = filter.action {
            if action.hasSuffix(".") {
                conditions.append("action >= ? AND action < ?")
                binds += [.text(action), .text(String(action.dropLast()) + "/")] // '/' sorts right after '.'
            } else {
                conditions.append("action = ?")
                binds.append(.text(action))
            }
        }
        if let actor = filter.actor {
            conditions.append("actor = ?")
            binds.append(.text(actor.text))
        }
        if let target = filter.target {
            conditions.append("target = ?")
            binds.append(.text(target))
        }
        if let since = filter.since {
            conditions.append("at >= ?")
            binds.append(SQLValue(since))
        }
        if let until = filter.until {
            conditions.append("at < ?")
            binds.append(SQLValue(until))
        }
        if let before = try PageCursor.integerKey(page.cursor, kind: "audit") {
            conditions.append("seq < ?")
            binds.append(.integer(before))
        }
        let clause = (conditions.isEmpty ? "1 = 1" : conditions.joined(separator: " AND "))
            + " ORDER BY seq DESC LIMIT \(page.limit + 1)"
        let found = try await run { [binds] session in
            try await session.query("SELECT seq, at, actor, action, target, detail FROM audit_events WHERE \(clause)", binds)
                .map { row in
                    guard let at = row["at"].date, let actor = AuditEvent.Actor(text: try row.requireText("actor")) else {
                        throw CorruptRow(column: "audit_events")
                    }
                    return AuditEvent(
                        sequence: try row.requireInteger("seq"), at: at, actor: actor, action: try row.requireText("action"),
                        target: row["target"].text, detail: try JSONValue.decode(Data(try row.requireText("detail").utf8))
                    )
                }
        }
        return PageCursor.page(of: found, limit: page.limit, kind: "audit") { String($0.sequence) }
    }
}
