import Foundation

/// The catalogue sources shipped with Palisade (copied from endoflife.date and SOFA, licences beside them); the
/// starting point until an administrator imports newer copies (`palisade catalog import`).
public enum BundledCatalogue {
    public static var directory: URL? { Bundle.module.url(forResource: "Catalogue", withExtension: nil) }

    public static func sources() throws(CatalogueSourceError) -> CatalogueSources {
        guard let directory else { throw .missing("the bundled catalogue (Palisade_PatchIntel resources)") }
        return try CatalogueSources(directory: directory)
    }
}
