import PatchIntel
import Testing

@Suite struct CalendarDayTests {
    @Test func daysRoundTripThroughTheirNumbers() throws {
        for text in ["1970-01-01", "2000-02-29", "2015-08-01", "2024-12-31", "2026-11-26", "2100-03-01"] {
            let day = try CalendarDay(parsing: text)
            #expect(day.description == text)
            #expect(CalendarDay(dayNumber: day.dayNumber) == day)
        }
        #expect(try CalendarDay(parsing: "1970-01-02").dayNumber == 1)
        #expect(try CalendarDay(parsing: "2026-01-01").days(until: CalendarDay(parsing: "2027-01-01")) == 365)
        #expect(try CalendarDay(parsing: "2024-02-29").adding(years: 1) == CalendarDay(parsing: "2025-02-28"))
    }

    @Test func malformedAndImpossibleDaysAreRefusedWithTheText() {
        for text in ["2024-3-05", "2024/03/05", "March 2024", "", "2024-03-05T00:00", "２０２４-03-05", "2024-03-0x"] {
            #expect(throws: CalendarDayError.malformed(text)) { try CalendarDay(parsing: text) }
        }
        for text in ["2024-02-30", "2023-02-29", "2024-13-01", "2024-00-10", "2024-04-31"] {
            #expect(throws: CalendarDayError.noSuchDay(text)) { try CalendarDay(parsing: text) }
        }
    }
}
