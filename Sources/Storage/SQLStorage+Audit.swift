import Foundation
import PalisadeCore

extension SQLStorage: AuditLog {
    /// Appends and chains in one transaction.
    public func append(_ record: AuditRecord) async throws -> AuditEvent {
        try await run { session in try await Self.append(record, in: session) }
    }

    /// Appends and chains inside the caller's transaction, so an event can be kept or dropped with the change it
    /// records: the chain's head row is read (locked, on PostgreSQL, so that cores sharing the database append one
    /// at a time), any rows not yet chained are chained, then the new event.
    static func append(_ record: AuditRecord, in session: any SQLSession) async throws -> AuditEvent {
        let lock = session.dialect == .postgres ? " FOR UPDATE" : ""
        guard let head = try await session.query("SELECT head_seq, head_hash FROM audit_chain WHERE id = 1\(lock)").first else {
            throw CorruptRow(column: "audit_chain")
        }
        var previous = try head.requireText("head_hash")
        for row in try await session.query(
            "SELECT seq, at, actor, action, target, detail, hash FROM audit_events WHERE seq > ? ORDER BY seq",
            .integer(try head.requireInteger("head_seq"))
        ) {
            var link = try link(from: row)
            link.hash = AuditChain.hash(of: link, after: previous)
            try await session.query("UPDATE audit_events SET hash = ? WHERE seq = ?", .text(link.hash!), .integer(link.sequence))
            previous = link.hash!
        }
        let detail = String(decoding: record.detail.encoded(), as: UTF8.self)
        let rows = try await session.query(
            "INSERT INTO audit_events (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?) RETURNING seq",
            SQLValue(record.at), .text(record.actor.text), .text(record.action), SQLValue(record.target), .text(detail)
        )
        let sequence = try rows.first?.requireInteger("seq") ?? 0
        let hash = AuditChain.hash(of: AuditChain.Link(
            sequence: sequence, atMicroseconds: SQLValue.microseconds(record.at), actor: record.actor.text, action: record.action,
            target: record.target, detail: detail
        ), after: previous)
        try await session.query("UPDATE audit_events SET hash = ? WHERE seq = ?", .text(hash), .integer(sequence))
        try await session.query("UPDATE audit_chain SET head_seq = ?, head_hash = ? WHERE id = 1", .integer(sequence), .text(hash))
        // `at` as stored (whole microseconds), so the event returned is the one the chain covers.
        let storedAt = Date(timeIntervalSince1970: Double(SQLValue.microseconds(record.at)) / 1_000_000)
        return AuditEvent(
            sequence: sequence, at: storedAt, actor: record.actor, action: record.action, target: record.target, detail: record.detail
        )
    }

    /// Checks every event's hash in sequence order, a page at a time, then compares the end with the recorded head
    /// and looks for the expected one on the way.
    public func verifyAuditChain(expecting expected: AuditChainHead?) async throws -> AuditChainReport {
        var previous = AuditChain.genesis
        var after: Int64 = 0
        var checked = 0
        var head: AuditChainHead?
        var expectedFound: Bool? = expected.map { _ in false }
        func report(_ broken: AuditChainBreak?) async throws -> AuditChainReport {
            AuditChainReport(
                checked: checked, head: head, broken: broken, recordedHead: try await recordedHead(), expected: expected, expectedFound: expectedFound
            )
        }
        while true {
            let rows = try await single(
                "SELECT seq, at, actor, action, target, detail, hash FROM audit_events WHERE seq > ? ORDER BY seq LIMIT 5000", .integer(after)
            )
            guard !rows.isEmpty else { break }
            let links = try rows.map(Self.link(from:))
            let (pageHead, broken) = AuditChain.verify(links, after: previous)
            let good = broken.map { broken in links.prefix { $0.sequence < broken.sequence } } ?? links[...]
            checked += good.count
            head = pageHead ?? head
            if let expected, let match = good.first(where: { $0.sequence == expected.sequence }) {
                expectedFound = match.hash == expected.hash
            }
            if let broken { return try await report(broken) }
            previous = pageHead?.hash ?? previous
            after = links.last!.sequence
        }
        return try await report(nil)
    }

    public func auditChainHead() async throws -> AuditChainHead? { try await recordedHead() }

    private func recordedHead() async throws -> AuditChainHead? {
        guard let row = try await single("SELECT head_seq, head_hash FROM audit_chain WHERE id = 1").first else { return nil }
        let sequence = try row.requireInteger("head_seq")
        return sequence == 0 ? nil : AuditChainHead(sequence: sequence, hash: try row.requireText("head_hash"))
    }

    static func link(from row: SQLRow) throws -> AuditChain.Link {
        AuditChain.Link(
            sequence: try row.requireInteger("seq"), atMicroseconds: try row.requireInteger("at"), actor: try row.requireText("actor"),
            action: try row.requireText("action"), target: row["target"].text, detail: try row.requireText("detail"), hash: row["hash"].text
        )
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
