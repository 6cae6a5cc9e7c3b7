import Foundation
import PalisadeCore

/// Palisade's stores on a SQL database. The same statements run on SQLite and PostgreSQL; where the two
/// differ the statement asks the session's dialect.
public final class SQLStorage: PalisadeStorage, Sendable {
    let database: any SQLDatabase

    /// Opens storage on a database, applying any migrations it lacks.
    public init(database: any SQLDatabase) async throws {
        self.database = database
        do {
            try await Migrator.migrate(database)
        } catch let error as SQLError {
            throw StoreError.backend(error.message)
        }
    }

    /// The embedded default: a SQLite file (created if missing).
    public static func sqlite(path: String) async throws -> SQLStorage {
        do {
            return try await SQLStorage(database: SQLiteDatabase(path: path))
        } catch let error as SQLError {
            throw StoreError.backend(error.message)
        }
    }

    /// A PostgreSQL server, from a `postgres://` URL.
    public static func postgres(url: String) async throws -> SQLStorage {
        do {
            return try await SQLStorage(database: PostgresDatabase(url: url))
        } catch let error as SQLError {
            throw StoreError.backend(error.message)
        }
    }

    /// Opens the backend a database URL names: `postgres://…`, `sqlite:PATH`, or a bare file path.
    public static func open(url: String) async throws -> SQLStorage {
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            return try await postgres(url: url)
        }
        var path = url
        for prefix in ["sqlite://", "sqlite:"] where path.hasPrefix(prefix) {
            path = String(path.dropFirst(prefix.count))
            break
        }
        return try await sqlite(path: path)
    }

    public func ping() async throws {
        try await run { session in
            try await session.query("SELECT 1 AS ok", [])
            return ()
        }
    }

    public func close() async {
        await database.close()
    }

    /// The schema versions applied, oldest first.
    public func schemaVersions() async throws -> [Int] {
        try await Migrator.appliedVersions(database)
    }

    /// Runs a transaction and turns database failures into `StoreError`s.
    func run<T: Sendable>(_ body: @Sendable (any SQLSession) async throws -> T) async throws -> T {
        try await translatingErrors { try await database.transaction(body) }
    }

    /// Runs one statement outside a transaction, turning database failures into `StoreError`s.
    func single(_ sql: String, _ binds: SQLValue...) async throws -> [SQLRow] {
        try await translatingErrors { try await database.single(sql, binds) }
    }

    private func translatingErrors<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as SQLError {
            switch error.kind {
            case .uniqueViolation: throw StoreError.conflict("already exists: \(error.message)")
            case .foreignKeyViolation: throw StoreError.notFound(kind: "referenced record", id: error.message)
            case .other: throw StoreError.backend(error.message)
            }
        }
    }
}
