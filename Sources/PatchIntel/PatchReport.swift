import PalisadeCore

/// When devices of a model first reported a patch level: the raw material for measuring how fast a maker ships
/// patches. Recorded by whoever watches the fleet; patch intelligence only reads it.
public struct PatchReport: Sendable, Hashable {
    public var platform: Platform
    /// As reported (`Google`, `samsung`, `Apple`).
    public var maker: String
    /// As reported (`Pixel 8`, `SM-S921B`, `iPhone15,2`) or the catalogue's name.
    public var model: String
    /// An Android security patch level (`2026-09-05`) or an Apple build (`22H352`), as reported.
    public var level: String
    /// The day the first device of the model reported the level.
    public var firstReportedAt: CalendarDay
    /// How many devices of the model have reported it.
    public var devices: Int

    public init(platform: Platform, maker: String, model: String, level: String, firstReportedAt: CalendarDay, devices: Int) {
        self.platform = platform
        self.maker = maker
        self.model = model
        self.level = level
        self.firstReportedAt = firstReportedAt
        self.devices = devices
    }
}
