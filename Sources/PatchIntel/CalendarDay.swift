import Foundation

/// A date without a time of day, as patch levels, bulletins and support ends are given (`2026-08-01`).
///
/// Held as a day number (days since 1970-01-01) so that the arithmetic patch age and support left need is integer
/// subtraction; evaluating a hundred thousand devices must not go through `Calendar`.
public struct CalendarDay: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before).
    public let dayNumber: Int

    public init(dayNumber: Int) {
        self.dayNumber = dayNumber
    }

    /// The day, or nil if it does not exist (month 13, February 30).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year) else { return nil }
        // Days from civil (proleptic Gregorian), counting years from March so leap days fall at the end.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        dayNumber = era * 146_097 + dayOfEra - 719_468
    }

    /// The UTC day `date` falls on.
    public init(_ date: Date) {
        dayNumber = Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
    }

    /// Reads exactly `YYYY-MM-DD`; anything else (`2024-3-5`, `2024-02-30`, `March 2024`) is refused.
    public init(parsing text: some StringProtocol) throws(CalendarDayError) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { throw .malformed(String(text)) }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { throw .malformed(String(text)) }
        guard let parsed = CalendarDay(year: year, month: month, day: day) else { throw .noSuchDay(String(text)) }
        self = parsed
    }

    /// Year, month and day (civil from days).
    public var components: (year: Int, month: Int, day: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Midnight UTC of the day.
    public var date: Date { Date(timeIntervalSince1970: Double(dayNumber) * 86_400) }

    public func adding(days: Int) -> CalendarDay { CalendarDay(dayNumber: dayNumber + days) }

    /// The same day `years` later (28 February for 29 February in a common year).
    public func adding(years: Int) -> CalendarDay {
        let (year, month, day) = components
        return CalendarDay(year: year + years, month: month, day: min(day, Self.daysIn(month: month, year: year + years)))!
    }

    /// Days from `self` to `other` (positive when `other` is later).
    public func days(until other: CalendarDay) -> Int { other.dayNumber - dayNumber }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool { lhs.dayNumber < rhs.dayNumber }

    public var description: String {
        // By hand rather than String(format:): reports print a day per device, and Foundation's formatter was
        // a tenth of a fleet evaluation.
        let (year, month, day) = components
        var bytes: [UInt8] = []
        bytes.reserveCapacity(10)
        func digits(_ value: Int, _ count: Int) {
            var divisor = 1
            for _ in 1..<count { divisor *= 10 }
            var rest = max(0, value)
            for _ in 0..<count {
                bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
                rest %= divisor
                divisor = max(1, divisor / 10)
            }
        }
        digits(year, 4)
        bytes.append(UInt8(ascii: "-"))
        digits(month, 2)
        bytes.append(UInt8(ascii: "-"))
        digits(day, 2)
        return String(decoding: bytes, as: UTF8.self)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            self = try CalendarDay(parsing: text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(error)"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

/// Why a text is not a day.
public enum CalendarDayError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Not of the form `YYYY-MM-DD`.
    case malformed(String)
    /// Of the right form, but no such day (`2024-02-30`, `2024-13-01`).
    case noSuchDay(String)

    public var description: String {
        switch self {
        case .malformed(let text): "'\(text)' is not a date of the form YYYY-MM-DD"
        case .noSuchDay(let text): "'\(text)' is not a day of the calendar"
        }
    }
}
