import Foundation
import PalisadeCore

/// Everything patch intelligence knows from published sources and administrators' overrides: models and their
/// support, OS versions and theirs, every iOS/iPadOS security release, the Android bulletin calendar.
///
/// Built once from the sources (and rebuilt when they are refreshed or overridden); lookups afterwards are
/// dictionary reads, so judging a device costs microseconds.
public struct PatchCatalogue: Sendable {
    public let models: [CatalogueModel]
    public let osVersions: [CatalogueOSVersion]
    /// Oldest first.
    public let appleReleases: [AppleSecurityRelease]
    public let marketingNames: [String: String]
    public let makerCommitments: [MakerCommitment]
    public let androidMonthsWithoutFixes: Set<String>

    /// `platform|maker family|identifier key` → index in `models`.
    private let modelIndex: [String: Int]
    /// Apple model identifier → index in `models`.
    private let appleModelIndex: [String: Int]
    let releaseByBuild: [String: Int]
    let releaseByVersion: [String: Int]
    /// Apple model identifier → indices of the releases that list it.
    let releasesListing: [String: [Int]]
    /// Apple model identifier → majors it is listed under.
    let majorsListing: [String: Set<Int>]
    private let osIndex: [String: Int]

    public init(sources: CatalogueSources, overrides: CatalogueOverrides = CatalogueOverrides()) throws(CatalogueSourceError) {
        let feed = try SOFAFeed(json: sources.sofaFeed)
        var models: [CatalogueModel] = []
        for (product, info) in CatalogueProducts.devices.sorted(by: { $0.key < $1.key }) {
            guard let text = sources.endOfLife[product] else { throw .missing("endoflife.date product '\(product)'") }
            let releases: [EndOfLifeRelease]
            do {
                releases = try EndOfLifeProductFile.releases(in: text)
            } catch {
                throw .malformed("endoflife.date product '\(product)': \(error)")
            }
            for release in releases {
                let name = info.namePrefix + (release.label ?? release.cycle)
                models.append(CatalogueModel(
                    platform: info.platform, maker: info.maker, model: name, identifiers: [release.cycle], released: release.released,
                    securitySupport: release.securitySupport, discontinued: release.discontinued, source: "endoflife.date/\(product)"
                ))
            }
        }
        var osVersions: [CatalogueOSVersion] = []
        for (product, system) in CatalogueProducts.systems.sorted(by: { $0.key < $1.key }) {
            guard let text = sources.endOfLife[product] else { throw .missing("endoflife.date product '\(product)'") }
            do {
                for release in try EndOfLifeProductFile.releases(in: text) {
                    osVersions.append(CatalogueOSVersion(system: system, cycle: release.cycle, released: release.released, securitySupport: release.securitySupport))
                }
            } catch {
                throw .malformed("endoflife.date product '\(product)': \(error)")
            }
        }
        try self.init(models: models, osVersions: osVersions, feed: feed, overrides: overrides)
    }

    public init(models published: [CatalogueModel], osVersions: [CatalogueOSVersion], feed: SOFAFeed, overrides: CatalogueOverrides) throws(CatalogueSourceError) {
        var models = published
        // Apple models are known to devices by identifier (`iPhone15,2`); SOFA names them, endoflife.date uses the
        // names, so the name joins the two.
        var appleByName: [String: Int] = [:]
        for (index, model) in models.enumerated() where model.platform == .ios {
            appleByName[MatchKey.of(model.model)] = index
        }
        for (identifier, marketing) in feed.marketingNames {
            let name = Self.appleModelName(marketing)
            if let index = appleByName[MatchKey.of(name)] {
                models[index].identifiers.append(identifier)
            }
        }
        // Overrides: maker commitments first (they fill in models without a published end), then models.
        for commitment in overrides.makers {
            let family = MatchKey.maker(commitment.maker)
            for index in models.indices where models[index].platform == commitment.platform && MatchKey.maker(models[index].maker) == family {
                guard let released = models[index].released, models[index].securitySupport == .openEnded else { continue }
                models[index].securitySupport = .on(released.adding(years: commitment.securityYears))
                models[index].source = "maker commitment (\(commitment.maker), \(commitment.securityYears) years)"
                models[index].supportEndIsCommitment = true
            }
        }
        for change in overrides.models {
            let family = MatchKey.maker(change.maker)
            let key = MatchKey.of(change.model)
            if let index = models.firstIndex(where: {
                $0.platform == change.platform && MatchKey.maker($0.maker) == family
                    && (MatchKey.of($0.model) == key || $0.identifiers.contains { MatchKey.of($0) == key })
            }) {
                models[index].identifiers += change.aliases ?? []
                if let released = change.released { models[index].released = released }
                if let support = change.securitySupport {
                    models[index].securitySupport = support
                    models[index].source = "override"
                    models[index].supportEndIsCommitment = false
                }
                if let discontinued = change.discontinued { models[index].discontinued = discontinued }
            } else {
                var model = CatalogueModel(
                    platform: change.platform, maker: change.maker, model: change.model, identifiers: change.aliases ?? [],
                    released: change.released, securitySupport: change.securitySupport ?? .openEnded, discontinued: change.discontinued,
                    source: "override"
                )
                if change.securitySupport == nil, let released = change.released,
                    let commitment = overrides.makers.first(where: { MatchKey.maker($0.maker) == family && $0.platform == change.platform }) {
                    model.securitySupport = .on(released.adding(years: commitment.securityYears))
                    model.source = "maker commitment (\(commitment.maker), \(commitment.securityYears) years)"
                    model.supportEndIsCommitment = true
                }
                models.append(model)
            }
        }
        var modelIndex: [String: Int] = [:]
        var appleModelIndex: [String: Int] = [:]
        for (index, model) in models.enumerated() {
            let prefix = "\(model.platform.rawValue)|\(MatchKey.maker(model.maker))|"
            for identifier in [model.model] + model.identifiers {
                let key = prefix + MatchKey.of(identifier)
                if modelIndex[key] == nil { modelIndex[key] = index }
                if model.platform == .ios, identifier.contains(",") { appleModelIndex[identifier] = index }
            }
        }
        self.models = models
        self.modelIndex = modelIndex
        self.appleModelIndex = appleModelIndex
        self.osVersions = osVersions
        self.osIndex = Dictionary(osVersions.enumerated().map { ("\($0.element.system)|\($0.element.cycle)", $0.offset) }) { first, _ in first }
        self.appleReleases = feed.releases
        self.marketingNames = feed.marketingNames
        self.makerCommitments = overrides.makers
        self.androidMonthsWithoutFixes = AndroidBulletinCalendar.publishedMonthsWithoutFixes.union(overrides.androidMonthsWithoutFixes)

        var byBuild: [String: Int] = [:]
        var byVersion: [String: Int] = [:]
        var listing: [String: [Int]] = [:]
        var majors: [String: Set<Int>] = [:]
        for (index, release) in feed.releases.enumerated() {
            for build in release.builds { byBuild[build] = index }
            byVersion[release.version] = byVersion[release.version] ?? index
            for model in release.supportedModels {
                listing[model, default: []].append(index)
                majors[model, default: []].insert(release.major)
            }
        }
        releaseByBuild = byBuild
        releaseByVersion = byVersion
        releasesListing = listing
        majorsListing = majors
    }

    /// The catalogue's entry for a device's maker and reported model, if any.
    public func model(platform: Platform, maker: String?, model: String?) -> CatalogueModel? {
        guard let model, !model.isEmpty else { return nil }
        if platform == .ios, let index = appleModelIndex[model] { return models[index] }
        let makerKey = MatchKey.maker(maker ?? (platform == .ios ? "Apple" : ""))
        return modelIndex["\(platform.rawValue)|\(makerKey)|\(MatchKey.of(model))"].map { models[$0] }
    }

    /// An OS version's support: `system` is `ios`, `ipados` or `android`, `version` as the device reports it.
    public func osVersion(system: String, version: String?) -> CatalogueOSVersion? {
        guard let version, let major = version.split(separator: ".").first else { return nil }
        return osIndex["\(system)|\(major)"].map { osVersions[$0] }
    }

    /// The bulletin calendar up to `today`, with the months without fixes this catalogue knows.
    public func androidCalendar(through today: CalendarDay) -> AndroidBulletinCalendar {
        AndroidBulletinCalendar(through: today, monthsWithoutFixes: androidMonthsWithoutFixes)
    }

    /// SOFA's marketing names carry the connectivity (`iPad Air (3rd generation) Wi-Fi + Cellular`); the
    /// catalogue's do not.
    static func appleModelName(_ marketing: String) -> String {
        for suffix in [" Wi-Fi + Cellular", " Wi-Fi+Cellular", " Wi-Fi", " Cellular"] where marketing.hasSuffix(suffix) {
            return String(marketing.dropLast(suffix.count))
        }
        return marketing
    }
}
