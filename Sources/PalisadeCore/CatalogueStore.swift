/// The patch catalogue's imported documents, kept in the database so that every core judges devices with the same
/// catalogue and an import survives restarts. Until anything is imported, cores use the copy shipped with Palisade.
public protocol CatalogueStore: Sendable {
    func catalogueDocuments() async throws -> [CatalogueDocument]
    /// Replaces every stored document whose name starts with `prefix` by `documents`, in one transaction, so a
    /// refresh never leaves half of the old sources beside half of the new.
    func replaceCatalogueDocuments(_ documents: [CatalogueDocument], prefix: String) async throws
}
