import Core
import Foundation
import PalisadeCore
@testable import Storage
import Testing

extension LiveSystemTests {
    /// `palisade audit verify --config FILE` as an auditor runs it: straight against the database, trusting no core.
    @Suite struct AuditVerifyCommandTests {
        func verify(_ arguments: [String]) throws -> (Int32, String) {
            try PalisadeUpTests.runToCompletion(["audit", "verify"] + arguments)
        }

        @Test func editingDeletingOrCuttingTheLogIsReportedWithExitStatus1() async throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("palisade-audit-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let config = directory.appendingPathComponent("core.json").path
            try #"{ "dataDirectory": "\#(directory.path)" }"#.write(toFile: config, atomically: true, encoding: .utf8)
            let storage = try await SQLStorage.sqlite(path: directory.appendingPathComponent("palisade.sqlite").path)
            for index in 0..<5 {
                try await storage.append(AuditRecord(at: Date(), actor: .system, action: "test.event", detail: .object(["n": .number(Double(index))])))
            }
            let head = try #require(try await storage.verifyAuditChain().head)

            let (status, text) = try verify(["--config", config])
            #expect(status == 0, "\(text)")
            #expect(text.contains("audit chain holds: 5 events"))
            #expect(try verify(["--config", config, "--expect", head.description]).0 == 0)

            // Cut the last event and fix the recorded head, as an intruder with the database would.
            _ = try await storage.database.transaction { session in
                try await session.query("DELETE FROM audit_events WHERE seq = ?", .integer(head.sequence))
                let last = try await session.query("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1")[0]
                return try await session.query("UPDATE audit_chain SET head_seq = ?, head_hash = ? WHERE id = 1", last["seq"], last["hash"])
            }
            #expect(try verify(["--config", config]).0 == 0, "consistent on its own terms")
            let (cut, cutText) = try verify(["--config", config, "--expect", head.description])
            #expect(cut == 1)
            #expect(cutText.contains("NOT found"))

            _ = try await storage.database.transaction { session in
                try await session.query("UPDATE audit_events SET action = 'test.edited' WHERE seq = 2")
            }
            let (edited, editedText) = try verify(["--config", config])
            #expect(edited == 1)
            #expect(editedText.contains("AUDIT CHAIN BROKEN") && editedText.contains("first bad event: 2"))
            await storage.close()
        }
    }
}
