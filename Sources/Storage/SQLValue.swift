import Foundation

/// A value bound into, or read out of, a SQL statement: the few types both backends store alike.
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    public init(_ text: String?) { self = text.map(SQLValue.text) ?? .null }
    public init(_ integer: Int64?) { self = integer.map(SQLValue.integer) ?? .null }
    public init(_ data: Data?) { self = data.map { .blob([UInt8]($0)) } ?? .null }
    /// Dates are stored as whole microseconds since 1970, which both backends order and compare as integers.
    public init(_ date: Date?) { self = date.map { .integer(SQLValue.microseconds($0)) } ?? .null }
    public init(_ bool: Bool) { self = .integer(bool ? 1 : 0) }

    public static func microseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    public var integer: Int64? {
        switch self {
        case .integer(let value): value
        case .real(let value): Int64(exactly: value.rounded())
        default: nil
        }
    }

    public var text: String? {
        if case .text(let value) = self { value } else { nil }
    }

    public var data: Data? {
        switch self {
        case .blob(let bytes): Data(bytes)
        case .text(let text): Data(text.utf8)
        default: nil
        }
    }

    public var date: Date? {
        integer.map { Date(timeIntervalSince1970: Double($0) / 1_000_000) }
    }

    public var isNull: Bool { self == .null }
}
