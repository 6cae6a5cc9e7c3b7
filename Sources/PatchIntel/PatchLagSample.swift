/// One patch measured on one model: when it was published and when the model's first device reported it.
public struct PatchLagSample: Sendable, Hashable {
    /// The Android bulletin's month (`2026-09`) or the Apple release's version (`26.6.1`).
    public var publication: String
    /// The bulletin's publication day or the release's date.
    public var published: CalendarDay
    /// The earliest first report of any level or build belonging to the publication: a `-01` and a `-05` level
    /// are the same bulletin, and the first of them to arrive is when the maker shipped it.
    public var firstReportedAt: CalendarDay
    /// The levels or builds reported that belong to it, sorted.
    public var levels: [String]
    /// Devices that reported them.
    public var devices: Int

    public init(publication: String, published: CalendarDay, firstReportedAt: CalendarDay, levels: [String], devices: Int) {
        self.publication = publication
        self.published = published
        self.firstReportedAt = firstReportedAt
        self.levels = levels
        self.devices = devices
    }

    /// Days from publication to the first report, 0 when a device had it on or before the day (partners get
    /// bulletins a month early, and some ship before Google publishes).
    public var lagDays: Int { max(0, published.days(until: firstReportedAt)) }
}
