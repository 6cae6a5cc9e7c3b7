import Foundation

/// One document of the patch catalogue as an administrator imported or edited it: a source file
/// (`sources/endoflife/products/pixel.md`, `sources/sofa/ios_data_feed.json`) or the overrides (`overrides.json`).
public struct CatalogueDocument: Sendable, Hashable {
    public var name: String
    public var content: Data
    public var updatedAt: Date
    /// The administrator who imported it.
    public var updatedBy: String?

    public init(name: String, content: Data, updatedAt: Date, updatedBy: String?) {
        self.name = name
        self.content = content
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
    }
}
