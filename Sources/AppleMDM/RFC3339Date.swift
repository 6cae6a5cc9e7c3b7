import Foundation

/// The date-time text of property-list `<date>`, the admin API and Declarative Device Management: RFC 3339 in
/// UTC, whole seconds when written.
enum RFC3339Date {
    static func format(_ date: Date) -> String {
        // Property-list dates carry whole seconds; rounding down keeps a written date stable when read back.
        let whole = Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
        return Date.ISO8601FormatStyle().format(whole)
    }

    /// Accepts `2026-11-26T09:00:00Z`, with or without fractional seconds, with `Z` or an offset; `nil` for
    /// anything else, including text long enough to be an attempt at wasting time.
    static func parse(_ text: String) -> Date? {
        guard text.utf8.count <= 40 else { return nil }
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
