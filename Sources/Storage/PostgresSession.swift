import Foundation
import Logging
import NIOCore
import PostgresNIO

/// A transaction on one leased PostgreSQL connection; valid only inside `PostgresDatabase.transaction`.
struct PostgresSession: SQLSession {
    let connection: PostgresConnection
    let logger: Logger
    var dialect: SQLDialect { .postgres }

    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        var bindings = PostgresBindings(capacity: binds.count)
        for value in binds {
            switch value {
            case .null: bindings.appendNull()
            case .integer(let number): bindings.append(number)
            case .real(let number): bindings.append(number)
            case .text(let text): bindings.append(text)
            case .blob(let bytes): bindings.append(ByteBuffer(bytes: bytes))
            }
        }
        let query = PostgresQuery(unsafeSQL: Self.numbered(sql), binds: bindings)
        do {
            var rows: [SQLRow] = []
            for try await row in try await connection.query(query, logger: logger) {
                var columns: [String] = []
                var values: [SQLValue] = []
                for cell in row {
                    columns.append(cell.columnName)
                    values.append(try Self.value(of: cell))
                }
                rows.append(SQLRow(columns: columns, values: values))
            }
            return rows
        } catch let error as PSQLError {
            throw Self.translate(error)
        }
    }

    /// Rewrites `?` placeholders as PostgreSQL's `$1`, `$2`, ….
    static func numbered(_ sql: String) -> String {
        var result = ""
        result.reserveCapacity(sql.utf8.count + 16)
        var index = 0
        for character in sql {
            if character == "?" {
                index += 1
                result += "$\(index)"
            } else {
                result.append(character)
            }
        }
        return result
    }

    private static func value(of cell: PostgresCell) throws -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int8, .int4, .int2: return .integer(try cell.decode(Int64.self))
        case .float8, .float4, .numeric: return .real(try cell.decode(Double.self))
        case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
        case .bytea:
            let buffer = try cell.decode(ByteBuffer.self)
            return .blob(Array(buffer.readableBytesView))
        default: return .text(try cell.decode(String.self))
        }
    }

    static func translate(_ error: PSQLError) -> SQLError {
        let state = error.serverInfo?[.sqlState]
        let message = error.serverInfo?[.message] ?? String(reflecting: error)
        let kind: SQLError.Kind = switch state {
        case "23505": .uniqueViolation
        case "23503": .foreignKeyViolation
        default: .other
        }
        return SQLError(kind: kind, message: message)
    }
}
