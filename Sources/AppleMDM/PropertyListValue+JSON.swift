import Foundation
import PalisadeCore

extension PropertyListValue {
    /// The value as the admin API shows it: dates as RFC 3339 text, data as base64, integers and reals as numbers.
    ///
    /// JSON numbers are doubles, so an integer beyond 2^53 loses precision here; the stored device reply keeps it.
    public var jsonValue: JSONValue {
        switch self {
        case .string(let text): .string(text)
        case .integer(let number): .number(Double(number))
        case .real(let number): number.isFinite ? .number(number) : .string("\(number)")
        case .bool(let flag): .bool(flag)
        case .date(let date): .string(RFC3339Date.format(date))
        case .data(let bytes): .string(bytes.base64EncodedString())
        case .array(let items): .array(items.map(\.jsonValue))
        case .dictionary(let entries): .object(entries.mapValues(\.jsonValue))
        }
    }
}
