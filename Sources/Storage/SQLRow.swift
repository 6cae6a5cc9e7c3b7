/// One result row, read by column name.
public struct SQLRow: Sendable {
    public let columns: [String]
    public let values: [SQLValue]

    public init(columns: [String], values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    /// The named column's value; `.null` if the query has no such column.
    public subscript(_ column: String) -> SQLValue {
        guard let index = columns.firstIndex(of: column) else { return .null }
        return values[index]
    }

    /// A column that must hold text, or the row is corrupt.
    public func requireText(_ column: String) throws -> String {
        guard let text = self[column].text else { throw CorruptRow(column: column) }
        return text
    }

    /// A column that must hold an integer, or the row is corrupt.
    public func requireInteger(_ column: String) throws -> Int64 {
        guard let value = self[column].integer else { throw CorruptRow(column: column) }
        return value
    }
}

/// A stored row whose column does not hold what the schema promises: the database was edited by hand or damaged.
public struct CorruptRow: Error, CustomStringConvertible {
    public let column: String
    public var description: String { "stored row has an unreadable \(column) column" }
}
