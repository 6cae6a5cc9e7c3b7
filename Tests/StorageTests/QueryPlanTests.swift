import Foundation
import PalisadeCore
@testable import Storage
import Testing

/// The queue stays fast for large fleets only if its hot query is answered from the partial index of pending
/// commands; these tests ask each backend's planner.
@Suite struct QueryPlanTests {
    @Test(arguments: Backend.available)
    func theNextCommandQueryUsesThePendingIndex(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            let plan = try await store.database.transaction { session -> String in
                let binds: [SQLValue] = [.text(DeviceID().description), .integer(1)]
                switch session.dialect {
                case .sqlite:
                    // INDEXED BY, as the queue itself says it, fails to prepare if the index cannot answer the query.
                    return try await session.query("EXPLAIN QUERY PLAN SELECT seq FROM commands INDEXED BY commands_pending WHERE \(SQLStorage.nextForDevice)", binds)
                        .map { $0["detail"].text ?? "" }.joined(separator: "\n")
                case .postgres:
                    // An empty table would be scanned whatever the indexes; forbid that to see whether the index applies.
                    try await session.query("SET LOCAL enable_seqscan = off", [])
                    return try await session.query("EXPLAIN SELECT seq FROM commands WHERE \(SQLStorage.nextForDevice)", binds)
                        .map { $0["QUERY PLAN"].text ?? "" }.joined(separator: "\n")
                }
            }
            #expect(plan.contains("commands_pending"), "\(plan)")
            #expect(!plan.contains("TEMP B-TREE") && !plan.contains("Sort"), "the index should deliver rows in queue order: \(plan)")
        }
    }

    /// Compliance reads the posture of thousands of devices at once, `postureLookupChunk` ids a statement: each
    /// id must be a key lookup, not a scan of the table.
    @Test(arguments: Backend.available)
    func theBatchedPostureLookupUsesTheKey(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            let plan = try await store.database.transaction { session -> String in
                let binds: [SQLValue] = (0..<3).map { _ in .text(DeviceID().description) }
                let sql = SQLStorage.postureLookup(count: binds.count)
                switch session.dialect {
                case .sqlite:
                    return try await session.query("EXPLAIN QUERY PLAN \(sql)", binds).map { $0["detail"].text ?? "" }.joined(separator: "\n")
                case .postgres:
                    try await session.query("SET LOCAL enable_seqscan = off", [])
                    return try await session.query("EXPLAIN \(sql)", binds).map { $0["QUERY PLAN"].text ?? "" }.joined(separator: "\n")
                }
            }
            #expect(plan.contains("device_postures_pkey") || plan.contains("USING INDEX sqlite_autoindex_device_postures"), "\(plan)")
            #expect(!plan.contains("SCAN device_postures") && !plan.contains("Seq Scan"), "\(plan)")
        }
    }
}
