import Foundation
import PalisadeCore
import PatchIntel

/// The catalogue every evaluation uses: the imported sources in the database if an administrator imported any,
/// otherwise the copy shipped with Palisade; with the stored overrides. Rebuilt only when the stored documents
/// change, so evaluations do not parse 300 kB of sources each time.
actor PatchCatalogueCache {
    static let sourcesPrefix = "sources/"
    static let overridesName = "overrides.json"

    let storage: any PalisadeStorage
    private var built: (stamp: [String], catalogue: PatchCatalogue, status: CatalogueStatus)?

    init(storage: any PalisadeStorage) {
        self.storage = storage
    }

    /// Where the catalogue came from, for `GET /api/catalog`.
    struct CatalogueStatus: Sendable, Encodable {
        var source: String
        var importedAt: Date?
        var importedBy: String?
        var models: Int
        var appleReleases: Int
        var newestAppleRelease: String?
        var overrides: Overrides

        struct Overrides: Sendable, Encodable {
            var makers: Int
            var models: Int
            var androidMonthsWithoutFixes: [String]
            var updatedAt: Date?
            var updatedBy: String?
        }
    }

    func catalogue() async throws -> PatchCatalogue { try await current().catalogue }

    func status() async throws -> CatalogueStatus { try await current().status }

    /// The catalogue and where it came from, read together (one read of the stored documents).
    func current() async throws -> (catalogue: PatchCatalogue, status: CatalogueStatus) {
        let documents = try await storage.catalogueDocuments()
        let stamp = documents.map { "\($0.name)@\($0.updatedAt.timeIntervalSince1970)" }
        if let built, built.stamp == stamp { return (built.catalogue, built.status) }
        let overridesDocument = documents.first { $0.name == Self.overridesName }
        let overrides = try overridesDocument.map { try JSONDecoder().decode(CatalogueOverrides.self, from: $0.content) } ?? CatalogueOverrides()
        let imported = documents.filter { $0.name.hasPrefix(Self.sourcesPrefix) }
        let sources = imported.isEmpty ? try BundledCatalogue.sources() : try Self.sources(from: imported)
        let catalogue = try PatchCatalogue(sources: sources, overrides: overrides)
        let newest = catalogue.appleReleases.last
        let status = CatalogueStatus(
            source: imported.isEmpty ? "shipped with Palisade (endoflife.date and SOFA, 2026-08-22)" : "imported",
            importedAt: imported.map(\.updatedAt).max(), importedBy: imported.first?.updatedBy, models: catalogue.models.count,
            appleReleases: catalogue.appleReleases.count, newestAppleRelease: newest.map { "\($0.version) (\($0.released))" },
            overrides: .init(
                makers: overrides.makers.count, models: overrides.models.count, androidMonthsWithoutFixes: overrides.androidMonthsWithoutFixes,
                updatedAt: overridesDocument?.updatedAt, updatedBy: overridesDocument?.updatedBy
            )
        )
        built = (stamp, catalogue, status)
        return (catalogue, status)
    }

    /// The stored source documents as the catalogue reads them.
    static func sources(from documents: [CatalogueDocument]) throws -> CatalogueSources {
        var texts: [String: String] = [:]
        var feed: Data?
        for document in documents {
            let path = String(document.name.dropFirst(sourcesPrefix.count))
            if path == "sofa/ios_data_feed.json" {
                feed = document.content
            } else if path.hasPrefix("endoflife/products/"), path.hasSuffix(".md") {
                texts[String(path.dropFirst("endoflife/products/".count).dropLast(3))] = String(decoding: document.content, as: UTF8.self)
            }
        }
        guard let feed else { throw CatalogueSourceError.missing("sofa/ios_data_feed.json in the imported catalogue") }
        return CatalogueSources(endOfLife: texts, sofaFeed: feed)
    }

    /// The documents an import stores: exactly the files the catalogue reads.
    static func documents(of sources: CatalogueSources, at date: Date, by administrator: String?) -> [CatalogueDocument] {
        sources.endOfLife.sorted { $0.key < $1.key }.map {
            CatalogueDocument(name: sourcesPrefix + "endoflife/products/\($0.key).md", content: Data($0.value.utf8), updatedAt: date, updatedBy: administrator)
        } + [CatalogueDocument(name: sourcesPrefix + "sofa/ios_data_feed.json", content: sources.sofaFeed, updatedAt: date, updatedBy: administrator)]
    }
}
