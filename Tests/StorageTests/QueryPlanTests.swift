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
}
