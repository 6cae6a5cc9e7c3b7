import PalisadeCore

/// What administrators add to or correct in the published data: makers with no public commitment (Bittium,
/// Zebra, Honeywell, Xiaomi …), models the sources lack or get wrong, the model numbers devices actually report
/// (`SM-S921B` for a Galaxy S24), and bulletin months that carried no fixes.
public struct CatalogueOverrides: Sendable, Hashable, Codable {
    public var makers: [MakerCommitment]
    public var models: [ModelOverride]
    public var androidMonthsWithoutFixes: [String]

    public init(makers: [MakerCommitment] = [], models: [ModelOverride] = [], androidMonthsWithoutFixes: [String] = []) {
        self.makers = makers
        self.models = models
        self.androidMonthsWithoutFixes = androidMonthsWithoutFixes
    }

    private enum CodingKeys: String, CodingKey { case makers, models, androidMonthsWithoutFixes }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        makers = try container.decodeIfPresent([MakerCommitment].self, forKey: .makers) ?? []
        models = try container.decodeIfPresent([ModelOverride].self, forKey: .models) ?? []
        androidMonthsWithoutFixes = try container.decodeIfPresent([String].self, forKey: .androidMonthsWithoutFixes) ?? []
        for month in androidMonthsWithoutFixes {
            guard (try? CalendarDay(parsing: month + "-01")) != nil else {
                throw DecodingError.dataCorruptedError(forKey: .androidMonthsWithoutFixes, in: container, debugDescription: "'\(month)' is not a month of the form YYYY-MM")
            }
        }
    }
}

/// A maker's published (or contracted) promise: security updates for `securityYears` after each model's release.
public struct MakerCommitment: Sendable, Hashable, Codable {
    public var maker: String
    public var platform: Platform
    public var securityYears: Int
    /// Where the promise comes from (a URL, a contract reference).
    public var source: String?

    public init(maker: String, platform: Platform, securityYears: Int, source: String? = nil) {
        self.maker = maker
        self.platform = platform
        self.securityYears = securityYears
        self.source = source
    }
}

/// A model added, corrected, or given the identifiers devices report. Fields left out keep the published value.
public struct ModelOverride: Sendable, Hashable, Codable {
    public var maker: String
    public var model: String
    public var platform: Platform
    /// What devices of this model report as their model (`SM-S921B`, `SM-S921U`).
    public var aliases: [String]?
    public var released: CalendarDay?
    public var securitySupport: SupportEnd?
    public var discontinued: Bool?

    public init(
        maker: String, model: String, platform: Platform, aliases: [String]? = nil, released: CalendarDay? = nil,
        securitySupport: SupportEnd? = nil, discontinued: Bool? = nil
    ) {
        self.maker = maker
        self.model = model
        self.platform = platform
        self.aliases = aliases
        self.released = released
        self.securitySupport = securitySupport
        self.discontinued = discontinued
    }
}
