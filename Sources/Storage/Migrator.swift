import Foundation

/// Brings a database up to the newest schema at start-up.
enum Migrator {
    /// PostgreSQL advisory lock key held while migrating, so that cores starting together migrate once.
    private static let lockKey: Int64 = 0x5041_4C49_5341_4445 // "PALISADE"

    /// Applies every migration the database lacks; returns the versions applied.
    @discardableResult
    static func migrate(_ database: any SQLDatabase, migrations: [Migration] = Schema.migrations) async throws -> [Int] {
        try await database.transaction { session in
            try await session.query("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version \(session.dialect == .sqlite ? "INTEGER" : "BIGINT") PRIMARY KEY,
                    name TEXT NOT NULL,
                    applied_at \(session.dialect == .sqlite ? "INTEGER" : "BIGINT") NOT NULL
                )
                """)
            return ()
        }
        var applied: [Int] = []
        for migration in migrations.sorted(by: { $0.version < $1.version }) {
            let ran = try await database.transaction { session -> Bool in
                if session.dialect == .postgres {
                    try await session.query("SELECT pg_advisory_xact_lock(?)", .integer(lockKey))
                }
                let done = try await session.query(
                    "SELECT version FROM schema_migrations WHERE version = ?", .integer(Int64(migration.version))
                )
                guard done.isEmpty else { return false }
                for statement in migration.statements {
                    try await session.query(Schema.render(statement, for: session.dialect), [])
                }
                try await session.query(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    .integer(Int64(migration.version)), .text(migration.name), SQLValue(Date())
                )
                return true
            }
            if ran { applied.append(migration.version) }
        }
        return applied
    }

    /// The versions recorded as applied, in order.
    static func appliedVersions(_ database: any SQLDatabase) async throws -> [Int] {
        try await database.transaction { session in
            try await session.query("SELECT version FROM schema_migrations ORDER BY version", [])
                .compactMap { $0["version"].integer.map(Int.init) }
        }
    }
}
