/// One model a project could buy, with what decides it: whether its published support outlasts the project, by
/// how much, and how fast its patches arrive.
public struct PurchaseCandidate: Sendable, Hashable {
    /// Where it ranks: dated commitments that outlast the project, then those that fall short, then models whose
    /// maker published no end.
    public enum Standing: Int, Sendable, Hashable, Comparable {
        case outlastsProject
        case fallsShort
        case noPublishedCommitment

        public static func < (lhs: Standing, rhs: Standing) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// Whose lag `medianLagDays` is.
    public enum LagSource: String, Sendable, Hashable {
        /// The model's own devices.
        case model
        /// No device of the model was measured; its maker's other models were.
        case maker
        /// Nothing of the maker was measured.
        case unmeasured
    }

    public var model: CatalogueModel
    /// The published (or administrator-set) day security support ends; nil when none is published.
    public var supportEnds: CalendarDay?
    /// Days from the project's end to `supportEnds`: positive when support outlasts the project.
    public var marginDays: Int?
    public var medianLagDays: Double?
    public var lagSource: LagSource
    public var standing: Standing
    /// The reason in words, for the report.
    public var note: String

    public init(model: CatalogueModel, projectEnds: CalendarDay, lag: PatchLagMeasurement) {
        self.model = model
        if let own = lag.lag(for: ModelKey(model)) {
            medianLagDays = own.medianLagDays
            lagSource = .model
        } else if let maker = lag.makerMedianLagDays(model.maker) {
            medianLagDays = maker
            lagSource = .maker
        } else {
            medianLagDays = nil
            lagSource = .unmeasured
        }
        switch model.securitySupport {
        case .on(let end):
            let margin = projectEnds.days(until: end)
            supportEnds = end
            marginDays = margin
            standing = margin >= 0 ? .outlastsProject : .fallsShort
            note = margin >= 0
                ? "support ends \(end), \(margin) days after the project ends (\(projectEnds))"
                : "support ends \(end), \(-margin) days before the project ends (\(projectEnds))"
        case .openEnded, .endedUndated:
            supportEnds = nil
            marginDays = nil
            standing = .noPublishedCommitment
            if model.securitySupport == .endedUndated {
                note = "no published commitment: support has ended, on a day not published"
            } else if MatchKey.maker(model.maker) == "apple" {
                note = "no published commitment: Apple publishes no end date; judge by its record"
            } else {
                note = "no published commitment: \(model.maker) has published no end date for it; judge by its record, or record the maker's commitment in the catalogue overrides"
            }
        }
    }

    /// Whether the maker published a day its support ends: false for Apple, and for models left open or ended
    /// without a date.
    public var hasPublishedCommitment: Bool { supportEnds != nil }
}
