import Foundation
import PalisadeCore

extension SQLStorage: SealedValueStore {
    public func sealedValues(of item: SealedItem) async throws -> [StoredSealedValue] {
        try await run { session in try await Self.sealedValues(of: SealedColumn(item), lock: false, in: session) }
    }

    public func rewriteSealedValues(of item: SealedItem, _ rewrite: @Sendable (StoredSealedValue) throws -> Data?) async throws -> Int {
        let column = SealedColumn(item)
        // SQLite's write transaction already excludes other writers; PostgreSQL needs the rows locked, or a core
        // writing a freshly sealed value meanwhile would have it overwritten by a re-sealed copy of the old one.
        let lock = database.dialect == .postgres
        return try await run { session in
            var changed = 0
            for stored in try await Self.sealedValues(of: column, lock: lock, in: session) {
                guard let replacement = try rewrite(stored), replacement != stored.value else { continue }
                try await session.query(
                    "UPDATE \(column.table) SET \(column.value) = ? WHERE \(column.key) = ?", SQLValue(replacement), .text(stored.row)
                )
                changed += 1
            }
            return changed
        }
    }

    private static func sealedValues(of column: SealedColumn, lock: Bool, in session: any SQLSession) async throws -> [StoredSealedValue] {
        try await session.query("""
            SELECT \(column.key) AS row_key, \(column.value) AS sealed FROM \(column.table)
            WHERE \(column.value) IS NOT NULL ORDER BY \(column.key)\(lock ? " FOR UPDATE" : "")
            """).map { row in
            guard let value = row["sealed"].data else { throw CorruptRow(column: "\(column.table).\(column.value)") }
            return StoredSealedValue(row: try row.requireText("row_key"), value: value)
        }
    }
}
