import Foundation
import PalisadeCore

extension SQLStorage: CatalogueStore {
    public func catalogueDocuments() async throws -> [CatalogueDocument] {
        try await single("SELECT name, content, updated_at, updated_by FROM catalogue_documents ORDER BY name").map { row in
            guard let content = row["content"].data, let updatedAt = row["updated_at"].date else { throw CorruptRow(column: "catalogue_documents") }
            return CatalogueDocument(name: try row.requireText("name"), content: content, updatedAt: updatedAt, updatedBy: row["updated_by"].text)
        }
    }

    public func replaceCatalogueDocuments(_ documents: [CatalogueDocument], prefix: String) async throws {
        try await run { session in
            // LIKE would read `_` and `%` in names as wildcards; compare the prefix itself.
            try await session.query("DELETE FROM catalogue_documents WHERE substr(name, 1, length(?)) = ?", .text(prefix), .text(prefix))
            for document in documents {
                try await session.query(
                    "INSERT INTO catalogue_documents (name, content, updated_at, updated_by) VALUES (?, ?, ?, ?)",
                    .text(document.name), .blob([UInt8](document.content)), SQLValue(document.updatedAt), SQLValue(document.updatedBy)
                )
            }
            return ()
        }
    }
}
