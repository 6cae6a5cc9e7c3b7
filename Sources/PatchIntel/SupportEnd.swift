/// When a model's or an OS version's security support ends, as far as anyone has published.
public enum SupportEnd: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Support ends (or ended) on this day.
    case on(CalendarDay)
    /// Support has ended, but no date was published (endoflife.date's `eol: true`).
    case endedUndated
    /// Still supported and no end is published (`eol: false`; Apple never publishes one).
    case openEnded

    /// Days of support left on `today`: negative once ended, nil when no end is published; an undated end counts
    /// as zero.
    public func daysLeft(on today: CalendarDay) -> Int? {
        switch self {
        case .on(let day): today.days(until: day)
        case .endedUndated: 0
        case .openEnded: nil
        }
    }

    public func hasEnded(on today: CalendarDay) -> Bool {
        switch self {
        case .on(let day): day <= today
        case .endedUndated: true
        case .openEnded: false
        }
    }

    public var description: String {
        switch self {
        case .on(let day): "\(day)"
        case .endedUndated: "ended (no date published)"
        case .openEnded: "no end published"
        }
    }

    // Written as endoflife.date writes `eol`: a date, `true` (ended, no date) or `false` (no end published).
    public init(from decoder: any Decoder) throws {
        let single = try decoder.singleValueContainer()
        if let ended = try? single.decode(Bool.self) {
            self = ended ? .endedUndated : .openEnded
        } else {
            self = .on(try single.decode(CalendarDay.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .on(let day): try container.encode(day)
        case .endedUndated: try container.encode(true)
        case .openEnded: try container.encode(false)
        }
    }
}
