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

    private enum CodingKeys: String, CodingKey { case state, date }

    public init(from decoder: any Decoder) throws {
        // Accepts the endoflife.date spellings too: a date, true (ended) or false (open-ended).
        if let single = try? decoder.singleValueContainer() {
            if let ended = try? single.decode(Bool.self) {
                self = ended ? .endedUndated : .openEnded
                return
            }
            if let day = try? single.decode(CalendarDay.self) {
                self = .on(day)
                return
            }
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .state) {
        case "date": self = .on(try container.decode(CalendarDay.self, forKey: .date))
        case "ended": self = .endedUndated
        case "open": self = .openEnded
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .state, in: container, debugDescription: "unknown support state '\(other)' (date, ended, open)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .on(let day):
            try container.encode("date", forKey: .state)
            try container.encode(day, forKey: .date)
        case .endedUndated: try container.encode("ended", forKey: .state)
        case .openEnded: try container.encode("open", forKey: .state)
        }
    }
}
