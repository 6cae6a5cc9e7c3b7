import Foundation
import PalisadeCore
@testable import Storage
import Testing

/// The audit log's hash chain on each backend: it holds while only `append` writes, and any edit, deletion,
/// reordering or truncation made behind its back is found by `verifyAuditChain`.
@Suite struct AuditChainConformanceTests {
    static func fill(_ store: SQLStorage, count: Int = 6) async throws -> [AuditEvent] {
        var events: [AuditEvent] = []
        for index in 0..<count {
            events.append(try await store.append(AuditRecord(
                at: Date(timeIntervalSince1970: 1_800_000_000 + Double(index) + 0.123456789), actor: index % 2 == 0 ? .system : .administrator(UUID()),
                action: "test.event", target: index % 3 == 0 ? nil : "device:\(index)", detail: .object(["n": .number(Double(index))])
            )))
        }
        return events
    }

    static func raw(_ store: SQLStorage, _ sql: String, _ binds: SQLValue...) async throws {
        _ = try await store.database.transaction { [binds] session in try await session.query(sql, binds) }
    }

    @Test(arguments: Backend.available)
    func aChainWrittenOnlyByAppendHolds(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            let empty = try await store.verifyAuditChain()
            #expect(empty.holds && empty.checked == 0 && empty.head == nil)
            let events = try await Self.fill(store)
            let report = try await store.verifyAuditChain()
            #expect(report.holds, "\(report)")
            #expect(report.checked == events.count)
            #expect(report.head?.sequence == events.last?.sequence)
            #expect(report.head == report.recordedHead)
        }
    }

    @Test(arguments: Backend.available)
    func editingARowIsFoundAtThatRow(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            let events = try await Self.fill(store)
            try await Self.raw(store, "UPDATE audit_events SET detail = ? WHERE seq = ?", .text(#"{"n":99}"#), .integer(events[3].sequence))
            let report = try await store.verifyAuditChain()
            #expect(!report.holds)
            #expect(report.broken?.sequence == events[3].sequence)
            #expect(report.checked == 3)
        }
    }

    @Test(arguments: Backend.available)
    func deletingARowIsFoundAtTheOneAfterIt(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            let events = try await Self.fill(store)
            try await Self.raw(store, "DELETE FROM audit_events WHERE seq = ?", .integer(events[2].sequence))
            let report = try await store.verifyAuditChain()
            #expect(report.broken?.sequence == events[3].sequence)
        }
    }

    @Test(arguments: Backend.available)
    func swappingTwoRowsIsFound(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            let events = try await Self.fill(store)
            let (a, b) = (events[1].sequence, events[4].sequence)
            // Swap the whole rows, hashes included, by moving one out of the way first.
            try await Self.raw(store, "UPDATE audit_events SET seq = ? WHERE seq = ?", .integer(1_000_000), .integer(a))
            try await Self.raw(store, "UPDATE audit_events SET seq = ? WHERE seq = ?", .integer(a), .integer(b))
            try await Self.raw(store, "UPDATE audit_events SET seq = ? WHERE seq = ?", .integer(b), .integer(1_000_000))
            let report = try await store.verifyAuditChain()
            #expect(report.broken?.sequence == a)
        }
    }

    @Test(arguments: Backend.available)
    func truncatingTheEndIsFoundAgainstTheRecordedHeadAndRewritingThatAgainstAnExternalCopy(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            let events = try await Self.fill(store)
            let external = try #require(try await store.verifyAuditChain().head)
            try await Self.raw(store, "DELETE FROM audit_events WHERE seq >= ?", .integer(events[4].sequence))
            let truncated = try await store.verifyAuditChain()
            #expect(truncated.broken == nil)
            #expect(!truncated.holds, "the recorded head is ahead of the last event")
            // An intruder who also rewrites the recorded head leaves a chain that holds on its own terms; only the
            // head kept outside the database (edges, the external sink) shows the loss.
            let newHead = try #require(truncated.head)
            try await Self.raw(store, "UPDATE audit_chain SET head_seq = ?, head_hash = ? WHERE id = 1", .integer(newHead.sequence), .text(newHead.hash))
            let rewritten = try await store.verifyAuditChain()
            #expect(rewritten.holds)
            #expect(rewritten.head != external)
            let checkedAgainstCopy = try await store.verifyAuditChain(expecting: external)
            #expect(checkedAgainstCopy.expectedFound == false)
            #expect(!checkedAgainstCopy.holds)
            // An older copy of the head that is still in the chain is found.
            let older = try await store.verifyAuditChain(expecting: AuditChainHead(sequence: events[1].sequence, hash: try #require(
                try await store.database.transaction { session in
                    try await session.query("SELECT hash FROM audit_events WHERE seq = ?", .integer(events[1].sequence)).first?["hash"].text
                }
            )))
            #expect(older.expectedFound == true && older.holds)
        }
    }

    @Test(arguments: Backend.available)
    func rowsWrittenBeforeTheChainAreChainedByTheNextAppend(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            // As an older core would have left them: no hash, head at the start.
            try await Self.raw(
                store, "INSERT INTO audit_events (at, actor, action, target, detail) VALUES (?, 'system', 'old.event', NULL, '{}')",
                .integer(1_700_000_000_000_000)
            )
            #expect(try await store.verifyAuditChain().broken != nil, "an unchained row does not pass")
            _ = try await Self.fill(store, count: 2)
            let report = try await store.verifyAuditChain()
            #expect(report.holds && report.checked == 3)
        }
    }
}
