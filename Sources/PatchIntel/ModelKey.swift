import PalisadeCore

/// A model as lag, fleet standing and advice are keyed: platform, maker and model name.
///
/// Two keys are the same model when they match the way the catalogue matches (`samsung` = `Samsung Electronics`,
/// `Pixel 8` = `pixel-8`), so reports spelled differently are measured together rather than as two models.
public struct ModelKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var platform: Platform
    /// The catalogue's maker when the model is in it (`Google`, `Samsung`), else as reported.
    public var maker: String
    /// The catalogue's name when the model is in it (`iPhone 14 Pro` for `iPhone15,2`), else as reported.
    public var model: String

    public init(platform: Platform, maker: String, model: String) {
        self.platform = platform
        self.maker = maker
        self.model = model
    }

    /// The key of a catalogue entry.
    public init(_ entry: CatalogueModel) {
        self.init(platform: entry.platform, maker: entry.maker, model: entry.model)
    }

    /// The key of a reported maker and model: the catalogue's entry when it knows the model (aliases and Apple
    /// identifiers resolved), SOFA's marketing name for an Apple identifier it lacks, else the report as it is.
    public init(platform: Platform, maker: String, model: String, catalogue: PatchCatalogue) {
        if let entry = catalogue.model(platform: platform, maker: maker, model: model) {
            self.init(entry)
        } else if platform == .ios, let marketing = catalogue.marketingNames[model] {
            self.init(platform: platform, maker: "Apple", model: PatchCatalogue.appleModelName(marketing))
        } else {
            self.init(platform: platform, maker: maker, model: model)
        }
    }

    /// The maker family (`samsung` for `Samsung Electronics`), as maker scores group.
    public var makerFamily: String { Self.makerFamily(of: maker) }

    /// The family a maker's name files under (`samsung` for "Samsung Electronics", `nokia` for "HMD Global").
    public static func makerFamily(of maker: String) -> String { MatchKey.maker(maker) }

    public static func == (lhs: ModelKey, rhs: ModelKey) -> Bool {
        lhs.platform == rhs.platform && lhs.makerFamily == rhs.makerFamily && MatchKey.of(lhs.model) == MatchKey.of(rhs.model)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(platform)
        hasher.combine(makerFamily)
        hasher.combine(MatchKey.of(model))
    }

    public static func < (lhs: ModelKey, rhs: ModelKey) -> Bool {
        (lhs.platform.rawValue, lhs.makerFamily, MatchKey.of(lhs.model)) < (rhs.platform.rawValue, rhs.makerFamily, MatchKey.of(rhs.model))
    }

    public var description: String { "\(maker) \(model)" }
}
