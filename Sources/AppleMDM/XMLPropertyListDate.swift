import Foundation

/// `<date>` text read as `PropertyListSerialization` read it: `YYYY-MM-DDTHH:MM:SSZ` in UTC and the proleptic
/// Gregorian calendar, with any number of year digits after an optional `-`, exactly two digits for every other
/// field, and nothing before or after.
///
/// Foundation does not hold the fields to their ranges, and neither does this: month 13 is January of the next year,
/// months 14 to 99 and month 0 count as January, day 0 is the day before the 1st, hour 24 is midnight of the next
/// day. The year is kept in 32 bits and wraps. The arithmetic below follows CoreFoundation's in the same steps and
/// the same floating-point operations, so every date reads to the same instant, bit for bit.
enum XMLPropertyListDate {
    /// The instant `text` names; `nil` when Foundation refused it.
    static func date(_ text: UnsafeRawBufferPointer) -> Date? {
        var index = 0
        var negative = false
        if index < text.count, text[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        var year: Int32 = 0
        while index < text.count, let digit = digitValue(text[index]) {
            year = year &* 10 &+ Int32(digit)
            index += 1
        }
        func separator(_ expected: Character) -> Bool {
            guard index < text.count, text[index] == expected.asciiValue else { return false }
            index += 1
            return true
        }
        func twoDigits() -> Int? {
            guard index + 1 < text.count, let tens = digitValue(text[index]), let units = digitValue(text[index + 1]) else {
                return nil
            }
            index += 2
            return Int(tens) * 10 + Int(units)
        }
        guard separator("-"), let month = twoDigits(), separator("-"), let day = twoDigits(), separator("T"),
              let hour = twoDigits(), separator(":"), let minute = twoDigits(), separator(":"), let second = twoDigits(),
              separator("Z"), index == text.count
        else { return nil }

        let signedYear = negative ? 0 &- year : year
        // Years count from 2001, Foundation's reference year, still in 32 bits.
        let days = daysSinceReferenceDate(year: Int64(signedYear &- 2001), month: month, day: day)
        var seconds = 86_400.0 * days
        seconds += 3_600.0 * Double(hour) + 60.0 * Double(minute) + Double(second)
        return Date(timeIntervalSinceReferenceDate: seconds)
    }

    /// Days from 2001-01-01 to the given date, `year` counted from 2001.
    private static func daysSinceReferenceDate(year: Int64, month: Int, day: Int) -> Double {
        let cycles = year / 400
        var days = Double(cycles) * 146_097.0
        let yearInCycle = year - cycles * 400
        if yearInCycle < 0 {
            for earlier in yearInCycle..<0 { days -= isLeap(earlier) ? 366 : 365 }
        } else {
            for earlier in 0..<yearInCycle { days += isLeap(earlier) ? 366 : 365 }
        }
        days += Double(daysBefore(month: month, leap: isLeap(yearInCycle)) + day - 1)
        return days
    }

    private static let daysBeforeMonth = [0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365]

    private static func daysBefore(month: Int, leap: Bool) -> Int {
        guard month < daysBeforeMonth.count else { return 0 }
        return daysBeforeMonth[month] + (leap && month > 2 ? 1 : 0)
    }

    /// Whether the year `year` after 2001 (or before it, when negative) is a leap year.
    private static func isLeap(_ year: Int64) -> Bool {
        let remainder = abs((year + 1) % 400)
        return remainder & 3 == 0 && remainder != 100 && remainder != 200 && remainder != 300
    }

    private static func digitValue(_ byte: UInt8) -> UInt8? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? byte - UInt8(ascii: "0") : nil
    }
}
