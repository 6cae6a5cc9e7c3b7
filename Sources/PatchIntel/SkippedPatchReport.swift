/// A patch report that measured no lag, and why: so a report can say how much of the record it rests on.
public struct SkippedPatchReport: Sendable, Hashable {
    public var report: PatchReport
    public var reason: Reason

    public init(report: PatchReport, reason: Reason) {
        self.report = report
        self.reason = reason
    }

    public enum Reason: Sendable, Hashable, CustomStringConvertible {
        /// The Android level is not a date of the form `YYYY-MM-DD`; the text says what was wrong.
        case malformedLevel(String)
        /// An Android level before the first bulletin (August 2015): no such level exists.
        case beforeFirstBulletin(CalendarDay)
        /// The level, its bulletin or release, or the report itself is later than the day measured.
        case inFuture
        /// The Apple build is in no release the catalogue knows.
        case unknownBuild(String)
        /// The bulletin listed no fixes (July 2025): nothing to ship, so nothing to measure.
        case bulletinWithoutFixes(month: String)
        /// Published before the model's first report of anything: its first report says when the model joined
        /// the fleet, not when the maker shipped the patch.
        case publishedBeforeModelReported(firstReport: CalendarDay)

        /// Whether the report names no real bulletin or release: a claim to doubt rather than a patch that
        /// merely measures nothing.
        public var isRejection: Bool {
            switch self {
            case .malformedLevel, .beforeFirstBulletin, .inFuture, .unknownBuild: true
            case .bulletinWithoutFixes, .publishedBeforeModelReported: false
            }
        }

        public var description: String {
            switch self {
            case .malformedLevel(let reason): "the level cannot be read: \(reason)"
            case .beforeFirstBulletin(let day): "level \(day) is before the first Android bulletin (2015-08)"
            case .inFuture: "the level or its report is later than the day measured"
            case .unknownBuild(let build): "build \(build) is not a release the catalogue knows"
            case .bulletinWithoutFixes(let month): "the \(month) bulletin listed no fixes"
            case .publishedBeforeModelReported(let first): "published before the model first reported anything (\(first))"
            }
        }
    }
}
