/// A transaction on the SQLite connection; valid only inside `SQLiteDatabase.transaction`.
struct SQLiteSession: SQLSession {
    let connection: SQLiteConnection
    var dialect: SQLDialect { .sqlite }

    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        try connection.query(sql, binds)
    }
}
