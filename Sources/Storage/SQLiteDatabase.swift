import Foundation

/// The embedded backend: one SQLite file in write-ahead-log mode, so readers in other processes (backups, the
/// CLI) never block the server.
///
/// Transactions from this process run one at a time; SQLite allows a single writer per file anyway, and a
/// queue in front of it is cheaper than lock retries.
public final class SQLiteDatabase: SQLDatabase {
    public let dialect = SQLDialect.sqlite
    public let path: String
    private let connection: SQLiteConnection
    private let gate = AsyncGate()

    /// Opens (creating if needed) the file at `path`; `:memory:` gives a private in-memory database.
    public init(path: String) throws {
        self.path = path
        connection = try SQLiteConnection(path: path)
        try connection.execute("""
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            PRAGMA foreign_keys = ON;
            PRAGMA temp_store = MEMORY;
            """)
    }

    public func transaction<T: Sendable>(_ body: @Sendable (any SQLSession) async throws -> T) async throws -> T {
        await gate.enter()
        defer { gate.leave() }
        try connection.execute("BEGIN IMMEDIATE")
        do {
            let value = try await body(SQLiteSession(connection: connection))
            try connection.execute("COMMIT")
            return value
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
    }

    public func single(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        await gate.enter()
        defer { gate.leave() }
        return try connection.query(sql, binds)
    }

    public func close() async {}
}
