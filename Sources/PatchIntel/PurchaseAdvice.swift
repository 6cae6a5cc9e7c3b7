import PalisadeCore

/// Which models to buy for a project of some years: the catalogue's current models ranked by whether their
/// published security support outlasts the project, by how much, and how fast their patches arrive.
///
/// Candidates are models released in the last three years and not known to be discontinued (a catalogue that
/// does not say is taken as still sold). The ranking:
/// 1. a published support end on or after the project's end: latest end first, then shortest measured lag;
/// 2. a published end before it: the shortest shortfall first, then shortest lag;
/// 3. no published end (Apple publishes none): flagged, listed last, by release, newest first. Their record,
///    not a promise, is what to judge them by, and that judgement is not made here.
public struct PurchaseAdvice: Sendable {
    public static let candidateYears = 3

    public let today: CalendarDay
    /// The project's length.
    public let years: Int
    /// All candidates, ranked.
    public let candidates: [PurchaseCandidate]

    public init(today: CalendarDay, years: Int, candidates: [PurchaseCandidate]) {
        self.today = today
        self.years = years
        self.candidates = candidates
    }

    /// `today` plus `years`: the day support must reach.
    public var projectEnds: CalendarDay { today.adding(years: years) }

    public var outlasting: [PurchaseCandidate] { candidates.filter { $0.standing == .outlastsProject } }
    public var fallingShort: [PurchaseCandidate] { candidates.filter { $0.standing == .fallsShort } }
    public var withoutCommitment: [PurchaseCandidate] { candidates.filter { $0.standing == .noPublishedCommitment } }

    /// Ranks the catalogue's candidates for a project of `years` starting `today`, on `platform` or on both.
    public static func rank(
        catalogue: PatchCatalogue, lag: PatchLagMeasurement, today: CalendarDay, years: Int, platform: Platform? = nil
    ) -> PurchaseAdvice {
        let projectEnds = today.adding(years: years)
        let candidates = catalogue.models
            .filter { model in
                model.discontinued != true && model.isRecent(years: candidateYears, on: today) && (platform == nil || model.platform == platform)
            }
            .map { PurchaseCandidate(model: $0, projectEnds: projectEnds, lag: lag) }
            .sorted(by: ranksBefore)
        return PurchaseAdvice(today: today, years: years, candidates: candidates)
    }

    /// The order described on the type; ties end on the name so that the same data always reads the same.
    static func ranksBefore(_ lhs: PurchaseCandidate, _ rhs: PurchaseCandidate) -> Bool {
        if lhs.standing != rhs.standing { return lhs.standing < rhs.standing }
        if lhs.standing == .noPublishedCommitment {
            let (left, right) = (lhs.model.released ?? CalendarDay(dayNumber: .min), rhs.model.released ?? CalendarDay(dayNumber: .min))
            if left != right { return left > right }
        } else if lhs.marginDays != rhs.marginDays {
            return (lhs.marginDays ?? .min) > (rhs.marginDays ?? .min)
        } else if lhs.medianLagDays != rhs.medianLagDays {
            // Unmeasured lag ranks after any measured one.
            return (lhs.medianLagDays ?? .infinity) < (rhs.medianLagDays ?? .infinity)
        }
        return (lhs.model.maker, lhs.model.model) < (rhs.model.maker, rhs.model.model)
    }
}
