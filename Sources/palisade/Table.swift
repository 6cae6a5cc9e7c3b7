import PalisadeCore

/// Renders JSON objects as an aligned text table for the terminal.
enum Table {
    static func render(rows: [JSONValue], columns: [String]) -> String {
        let cells = rows.map { row in columns.map { text(row.objectValue?[$0] ?? .null) } }
        let widths = columns.indices.map { index in
            max(columns[index].count, cells.map { $0[index].count }.max() ?? 0)
        }
        func line(_ values: [String]) -> String {
            zip(values, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }
        return ([line(columns.map { $0.uppercased() })] + cells.map(line)).joined(separator: "\n")
    }

    private static func text(_ value: JSONValue) -> String {
        switch value {
        case .null: "-"
        case .bool(let flag): flag ? "yes" : "no"
        case .number(let number): number.rounded() == number ? String(Int64(number)) : String(number)
        case .string(let text): text
        case .array(let items): items.map(text).joined(separator: ",")
        case .object: String(decoding: value.encoded(), as: UTF8.self)
        }
    }
}
