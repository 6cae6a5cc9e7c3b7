import Foundation
import Logging
import NIOCore
import NIOSSL
import PostgresNIO

/// The backend for estates that outgrow one machine: a PostgreSQL server shared by several cores.
public final class PostgresDatabase: SQLDatabase {
    public let dialect = SQLDialect.postgres
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let logger: Logger

    public init(url: String, logger: Logger = Logger(label: "palisade.postgres")) throws {
        let parsed = try PostgresURL(url)
        var configuration: PostgresClient.Configuration
        if let socket = parsed.socketDirectory {
            configuration = .init(
                unixSocketPath: "\(socket)/.s.PGSQL.\(parsed.port)", username: parsed.username,
                password: parsed.password, database: parsed.database
            )
        } else {
            let tls: PostgresClient.Configuration.TLS = switch parsed.tls {
            case .disable: .disable
            case .prefer: .prefer(.makeClientConfiguration())
            case .require: .require(.makeClientConfiguration())
            }
            configuration = .init(
                host: parsed.host, port: parsed.port, username: parsed.username,
                password: parsed.password, database: parsed.database, tls: tls
            )
        }
        configuration.options.maximumConnections = 16
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.logger = logger
        runner = Task { await client.run() }
    }

    public func transaction<T: Sendable>(_ body: @Sendable (any SQLSession) async throws -> T) async throws -> T {
        let logger = logger
        do {
            return try await client.withConnection { connection in
                let session = PostgresSession(connection: connection, logger: logger)
                try await connection.query("BEGIN", logger: logger)
                do {
                    let value = try await body(session)
                    try await connection.query("COMMIT", logger: logger)
                    return value
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: logger)
                    throw error
                }
            }
        } catch let error as PSQLError {
            throw PostgresSession.translate(error)
        }
    }

    public func single(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        let logger = logger
        do {
            return try await client.withConnection { connection in
                try await PostgresSession(connection: connection, logger: logger).query(sql, binds)
            }
        } catch let error as PSQLError {
            throw PostgresSession.translate(error)
        }
    }

    public func close() async {
        runner.cancel()
        await runner.value
    }
}

extension PostgresDatabase {
    /// Runs one statement outside any transaction, for the few that refuse to run inside one
    /// (`CREATE DATABASE`, `DROP DATABASE`).
    public func executeOutsideTransaction(_ sql: String) async throws {
        do {
            try await client.withConnection { connection in
                _ = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
            }
        } catch let error as PSQLError {
            throw PostgresSession.translate(error)
        }
    }
}
