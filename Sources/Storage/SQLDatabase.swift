/// A connection to one database, SQLite or PostgreSQL, on which Palisade's stores run.
public protocol SQLDatabase: Sendable {
    var dialect: SQLDialect { get }
    /// Runs `body` in one transaction: committed if it returns, rolled back if it throws (the error is rethrown
    /// as it was).
    func transaction<T: Sendable>(_ body: @Sendable (any SQLSession) async throws -> T) async throws -> T
    /// Runs one statement on its own, without `BEGIN`/`COMMIT` around it: a single statement is atomic anyway,
    /// and on PostgreSQL this saves two round trips.
    func single(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow]
    func close() async
}
