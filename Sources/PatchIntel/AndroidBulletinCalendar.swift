/// The Android Security Bulletin calendar, generated: a bulletin every month since August 2015, with the months
/// that carried no fixes marked.
///
/// Since July 2025 Google's monthly bulletins list only high-risk or exploited fixes, and some list none. How far
/// behind a device is must be measured against bulletins that fixed something: a device at `2025-06-05` on
/// 20 July 2025 missed nothing.
public struct AndroidBulletinCalendar: Sendable {
    /// Months (`YYYY-MM`) whose bulletin listed no fixes, as published; administrators add later ones through the
    /// catalogue overrides (`androidMonthsWithoutFixes`).
    public static let publishedMonthsWithoutFixes: Set<String> = ["2025-07"]
    /// The first bulletin.
    public static let first = CalendarDay(year: 2015, month: 8, day: 1)!

    /// Every bulletin up to and including `through`'s month, oldest first.
    public let bulletins: [AndroidBulletin]
    /// Day numbers of the `-05` levels of bulletins that carried fixes, ascending, for counting by binary search.
    private let fixingLevels: [Int]

    public init(through today: CalendarDay, monthsWithoutFixes: Set<String> = publishedMonthsWithoutFixes) {
        var bulletins: [AndroidBulletin] = []
        var (year, month) = (2015, 8)
        let (lastYear, lastMonth, _) = today.components
        while (year, month) <= (lastYear, lastMonth) {
            let first = CalendarDay(year: year, month: month, day: 1)!
            // Weekday of the 1st: 1970-01-01 was a Thursday (3 with Monday as 0).
            let weekday = ((first.dayNumber % 7) + 7 + 3) % 7
            let published = first.adding(days: (7 - weekday) % 7)
            let bulletin = AndroidBulletin(
                partialLevel: first, completeLevel: CalendarDay(year: year, month: month, day: 5)!, published: published,
                hasFixes: !monthsWithoutFixes.contains(String(first.description.prefix(7)))
            )
            // This month's bulletin counts once it is out.
            if published <= today { bulletins.append(bulletin) }
            (year, month) = month == 12 ? (year + 1, 1) : (year, month + 1)
        }
        self.bulletins = bulletins
        fixingLevels = bulletins.filter(\.hasFixes).map(\.completeLevel.dayNumber)
    }

    /// The newest bulletin that fixed something, published on or before `day`.
    public func newestWithFixes(onOrBefore day: CalendarDay) -> AndroidBulletin? {
        bulletins.last { $0.hasFixes && $0.published <= day }
    }

    /// How many bulletins with fixes have a `-05` level later than `level` and were published by `day`: the
    /// bulletins a device at `level` has missed. A `-01` level misses its own month's vendor half, which is not
    /// counted as a whole bulletin.
    public func bulletinsWithFixes(after level: CalendarDay, publishedBy day: CalendarDay) -> Int {
        let upper = upperBound(newestWithFixes(onOrBefore: day)?.completeLevel.dayNumber ?? Int.min)
        // Any level in a month covers that month's bulletin.
        let lower = upperBound(firstMonthLevel(of: level) + 4)
        return max(0, upper - lower)
    }

    /// The bulletin whose month `level` falls in.
    public func bulletin(containing level: CalendarDay) -> AndroidBulletin? {
        let (year, month, _) = level.components
        guard let first = CalendarDay(year: year, month: month, day: 1) else { return nil }
        return bulletins.last { $0.partialLevel == first }
    }

    private func firstMonthLevel(of level: CalendarDay) -> Int {
        let (year, month, _) = level.components
        return CalendarDay(year: year, month: month, day: 1)!.dayNumber
    }

    /// Index of the first fixing level greater than `value`.
    private func upperBound(_ value: Int) -> Int {
        var (low, high) = (0, fixingLevels.count)
        while low < high {
            let middle = (low + high) / 2
            if fixingLevels[middle] <= value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
