/// One monthly Android Security Bulletin: its two cumulative patch levels (`YYYY-MM-01`, `YYYY-MM-05`), when it
/// was published, and whether it carried any fix.
public struct AndroidBulletin: Sendable, Hashable {
    /// The `-01` level, which also names the month.
    public var partialLevel: CalendarDay
    /// The `-05` level: everything in the bulletin, vendor components included.
    public var completeLevel: CalendarDay
    /// The first Monday of the month, the day Google publishes bulletins.
    public var published: CalendarDay
    /// False for months whose bulletin listed no vulnerability (first: July 2025); a device that skips such a
    /// month misses nothing.
    public var hasFixes: Bool

    public var month: String { String(partialLevel.description.prefix(7)) }
}
