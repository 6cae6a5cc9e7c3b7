/// One `releases[]` entry of an endoflife.date product file: a phone model, or an OS version.
public struct EndOfLifeRelease: Sendable, Hashable {
    /// The key (`8`, `galaxy-s24`, `18`).
    public var cycle: String
    /// The display name (`Pixel 8`, `Galaxy S24`), when the file gives one.
    public var label: String?
    public var released: CalendarDay?
    /// End of security support (for phones endoflife.date's `eol` column is "Security Updates").
    public var securitySupport: SupportEnd
    /// Whether the maker still sells it: `nil` when the file does not say.
    public var discontinued: Bool?

    public init(cycle: String, label: String? = nil, released: CalendarDay? = nil, securitySupport: SupportEnd, discontinued: Bool? = nil) {
        self.cycle = cycle
        self.label = label
        self.released = released
        self.securitySupport = securitySupport
        self.discontinued = discontinued
    }
}
