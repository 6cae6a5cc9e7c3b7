import Foundation
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

    private enum CodingKeys: String, CodingKey, CaseIterable { case makers, models, androidMonthsWithoutFixes }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
        makers = try container.decodeIfPresentRefusingNull([MakerCommitment].self, forKey: .makers) ?? []
        models = try container.decodeIfPresentRefusingNull([ModelOverride].self, forKey: .models) ?? []
        androidMonthsWithoutFixes = try container.decodeIfPresentRefusingNull([String].self, forKey: .androidMonthsWithoutFixes) ?? []
        for month in androidMonthsWithoutFixes {
            guard month.count == 7, (try? CalendarDay(parsing: month + "-01")) != nil else {
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

    private enum CodingKeys: String, CodingKey, CaseIterable { case maker, platform, securityYears, source }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
        maker = try container.decode(String.self, forKey: .maker)
        platform = try container.decode(Platform.self, forKey: .platform)
        securityYears = try container.decode(Int.self, forKey: .securityYears)
        source = try container.decodeIfPresentRefusingNull(String.self, forKey: .source)
        guard (1...20).contains(securityYears) else {
            throw DecodingError.dataCorruptedError(forKey: .securityYears, in: container, debugDescription: "securityYears must be 1 to 20")
        }
        guard !OverrideText.isBlank(maker), maker.unicodeScalars.count <= 64 else {
            throw DecodingError.dataCorruptedError(forKey: .maker, in: container, debugDescription: "maker must be 1 to 64 characters")
        }
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

    private enum CodingKeys: String, CodingKey, CaseIterable { case maker, model, platform, aliases, released, securitySupport, discontinued }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
        maker = try container.decode(String.self, forKey: .maker)
        model = try container.decode(String.self, forKey: .model)
        platform = try container.decode(Platform.self, forKey: .platform)
        aliases = try container.decodeIfPresentRefusingNull([String].self, forKey: .aliases)
        released = try container.decodeIfPresentRefusingNull(CalendarDay.self, forKey: .released)
        securitySupport = try container.decodeIfPresentRefusingNull(SupportEnd.self, forKey: .securitySupport)
        discontinued = try container.decodeIfPresentRefusingNull(Bool.self, forKey: .discontinued)
        for (key, text) in [(CodingKeys.maker, maker), (.model, model)] + (aliases ?? []).map({ (CodingKeys.aliases, $0) }) {
            guard !OverrideText.isBlank(text), text.unicodeScalars.count <= 64 else {
                throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "\(key.stringValue) must be 1 to 64 characters")
            }
        }
    }
}

/// The rule for names in overrides: 1–64 characters, not all white space — white space as JSON Schema's `\S`
/// (ECMAScript's) sees it, so the document's pattern and this check agree.
enum OverrideText {
    static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.properties.isWhitespace || $0 == "\u{FEFF}" }
    }
}
