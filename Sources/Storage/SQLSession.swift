/// One connection inside a transaction. Statements use `?` for every bound value; the backend renumbers them
/// if it must. A literal `?` never appears in Palisade's SQL.
public protocol SQLSession: Sendable {
    var dialect: SQLDialect { get }
    /// Runs a statement and returns its rows (none for most writes; use `RETURNING` to read back).
    @discardableResult
    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow]
}

extension SQLSession {
    @discardableResult
    public func query(_ sql: String, _ binds: SQLValue...) async throws -> [SQLRow] {
        try await query(sql, binds)
    }
}
