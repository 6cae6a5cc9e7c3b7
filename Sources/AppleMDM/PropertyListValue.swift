import Foundation

/// One property-list value as a plain Sendable Swift value, so that nothing past `PropertyListGuard` handles
/// Foundation's untyped `[String: Any]` trees.
///
/// Integers are signed 64-bit: Apple's MDM keys never need more, and a larger one is refused at conversion rather
/// than silently rounded. A property list has no null, so neither does this type.
public enum PropertyListValue: Sendable, Hashable {
    case string(String)
    case integer(Int64)
    case real(Double)
    case bool(Bool)
    case date(Date)
    case data(Data)
    case array([PropertyListValue])
    case dictionary([String: PropertyListValue])

    public var kind: PropertyListKind {
        switch self {
        case .string: .string
        case .integer: .integer
        case .real: .real
        case .bool: .bool
        case .date: .date
        case .data: .data
        case .array: .array
        case .dictionary: .dictionary
        }
    }

    public var stringValue: String? {
        if case .string(let text) = self { text } else { nil }
    }

    public var integerValue: Int64? {
        if case .integer(let number) = self { number } else { nil }
    }

    /// A real, or an integer widened to one: devices write whole-number reals either way.
    public var realValue: Double? {
        switch self {
        case .real(let number): number
        case .integer(let number): Double(number)
        default: nil
        }
    }

    public var boolValue: Bool? {
        if case .bool(let flag) = self { flag } else { nil }
    }

    public var dateValue: Date? {
        if case .date(let date) = self { date } else { nil }
    }

    public var dataValue: Data? {
        if case .data(let bytes) = self { bytes } else { nil }
    }

    public var arrayValue: [PropertyListValue]? {
        if case .array(let items) = self { items } else { nil }
    }

    public var dictionaryValue: [String: PropertyListValue]? {
        if case .dictionary(let entries) = self { entries } else { nil }
    }

    /// The entry named `key` when this is a dictionary.
    public subscript(_ key: String) -> PropertyListValue? { dictionaryValue?[key] }
}
