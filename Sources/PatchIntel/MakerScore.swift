/// One maker's patching, as a number from 0 to 100 with the inputs beside it, so a report can show why.
///
/// Two halves of 50 points each:
/// - Lag: 50 points at a pooled median lag of 0 days, 0 points at `lagForZeroPoints` (90) days or more, linear in
///   between. The pooled lag is the median of the maker's models' median lags, each weighted by its samples.
/// - Commitment: 50 points at an average committed support of `yearsForFullPoints` (7) years or more, 0 at 0,
///   linear. The average is over the maker's models released in the last `recentYears` (3) years whose support
///   ends on a published day: years from release to that day. Models without one (Apple publishes none; some
///   makers leave new models open) count as "no published commitment" and are listed, not averaged as zero.
///
/// When one half has nothing to stand on, the score is the other half doubled and `basis` says so: such a score
/// is not comparable with a full one, and a report must show the flag beside it. With neither, there is no score.
public struct MakerScore: Sendable, Hashable {
    public static let lagForZeroPoints = 90.0
    public static let yearsForFullPoints = 7.0
    public static let recentYears = 3

    /// What the score stands on.
    public enum Basis: String, Sendable, Hashable {
        case lagAndCommitment
        /// No model of the maker has a measured lag.
        case commitmentOnly
        /// No recent model of the maker has a published support end.
        case lagOnly
        /// Neither: no score.
        case unscored
    }

    /// The catalogue's spelling when the maker is in it.
    public var maker: String
    /// The pooled median lag; nil when nothing was measured.
    public var medianLagDays: Double?
    /// Samples behind it.
    public var lagSamples: Int
    /// Models measured.
    public var modelsMeasured: [String]
    /// Average years from release to published support end of the recent models that have one.
    public var committedYears: Double?
    /// Recent models with a published support end.
    public var modelsCommitted: [String]
    /// Recent models without one.
    public var modelsWithoutCommitment: [String]
    public var lagPoints: Double?
    public var commitmentPoints: Double?
    /// 0–100; nil when `basis` is `.unscored`.
    public var score: Double?
    public var basis: Basis

    /// The score of one maker from its measured models and its catalogue models (others' entries are ignored).
    public init(maker: String, lag: [ModelPatchLag], models: [CatalogueModel], today: CalendarDay) {
        let family = MatchKey.maker(maker)
        let measured = lag.filter { $0.key.makerFamily == family }
        let recent = models.filter { MatchKey.maker($0.maker) == family && $0.isRecent(years: Self.recentYears, on: today) }
        var committed: [(name: String, years: Double)] = []
        var uncommitted: [String] = []
        for model in recent {
            if case .on(let end) = model.securitySupport, let released = model.released {
                // Julian years: a 7-year commitment spans 2556 or 2557 days depending on leap days.
                committed.append((model.model, Double(released.days(until: end)) / 365.25))
            } else {
                uncommitted.append(model.model)
            }
        }
        self.maker = models.first { MatchKey.maker($0.maker) == family }?.maker ?? maker
        medianLagDays = ModelPatchLag.pooledMedianLagDays(measured)
        lagSamples = measured.reduce(0) { $0 + $1.sampleCount }
        modelsMeasured = measured.map(\.key.model).sorted()
        committedYears = committed.isEmpty ? nil : committed.reduce(0) { $0 + $1.years } / Double(committed.count)
        modelsCommitted = committed.map(\.name).sorted()
        modelsWithoutCommitment = uncommitted.sorted()
        lagPoints = medianLagDays.map { 50 * max(0, 1 - $0 / Self.lagForZeroPoints) }
        commitmentPoints = committedYears.map { 50 * min(1, max(0, $0) / Self.yearsForFullPoints) }
        switch (lagPoints, commitmentPoints) {
        case let (lag?, commitment?):
            score = lag + commitment
            basis = .lagAndCommitment
        case let (lag?, nil):
            score = 2 * lag
            basis = .lagOnly
        case let (nil, commitment?):
            score = 2 * commitment
            basis = .commitmentOnly
        case (nil, nil):
            score = nil
            basis = .unscored
        }
    }

    /// Every maker with a recent catalogue model or a measured model, best score first (unscored last), then by
    /// name.
    public static func scores(lag: PatchLagMeasurement, catalogue: PatchCatalogue, today: CalendarDay) -> [MakerScore] {
        var makers: [String: String] = [:]
        for model in catalogue.models where model.isRecent(years: recentYears, on: today) {
            makers[MatchKey.maker(model.maker)] = makers[MatchKey.maker(model.maker)] ?? model.maker
        }
        for model in lag.models {
            makers[model.key.makerFamily] = makers[model.key.makerFamily] ?? model.key.maker
        }
        return makers.values
            .map { MakerScore(maker: $0, lag: lag.models, models: catalogue.models, today: today) }
            .sorted { ($0.score ?? -1, $1.maker) > ($1.score ?? -1, $0.maker) }
    }
}
