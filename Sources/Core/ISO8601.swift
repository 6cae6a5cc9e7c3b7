import Foundation

/// The date-time format of the admin API: RFC 3339 in UTC, with milliseconds when they are not zero.
enum ISO8601 {
    static func format(_ date: Date) -> String {
        let fractional = date.timeIntervalSince1970.truncatingRemainder(dividingBy: 1) != 0
        return Date.ISO8601FormatStyle(includingFractionalSeconds: fractional).format(date)
    }

    /// Accepts `2026-11-26T09:00:00Z`, with or without fractional seconds, with `Z` or an offset.
    static func parse(_ text: String) -> Date? {
        guard text.count <= 40 else { return nil }
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
