import Foundation

/// The published data the catalogue is built from, as files: endoflife.date product files and SOFA's iOS feed,
/// laid out as upstream ships them (`endoflife/products/<product>.md`, `sofa/ios_data_feed.json`).
public struct CatalogueSources: Sendable, Hashable {
    /// Product name (`pixel`, `iphone`, `ios`) → the file's text.
    public var endOfLife: [String: String]
    public var sofaFeed: Data

    /// Products the catalogue needs; a refresh missing one of them is refused rather than silently losing it.
    public static let requiredProducts = CatalogueProducts.devices.keys.sorted() + CatalogueProducts.systems.keys.sorted()

    public init(endOfLife: [String: String], sofaFeed: Data) {
        self.endOfLife = endOfLife
        self.sofaFeed = sofaFeed
    }

    /// Reads `directory/endoflife/products/*.md` and `directory/sofa/ios_data_feed.json`.
    public init(directory: URL) throws(CatalogueSourceError) {
        let products = directory.appendingPathComponent("endoflife/products")
        var texts: [String: String] = [:]
        for product in Self.requiredProducts {
            let file = products.appendingPathComponent(product + ".md")
            guard let data = FileManager.default.contents(atPath: file.path), let text = String(data: data, encoding: .utf8) else {
                throw .missing("\(file.path) (endoflife.date product '\(product)')")
            }
            texts[product] = text
        }
        let feed = directory.appendingPathComponent("sofa/ios_data_feed.json")
        guard let data = FileManager.default.contents(atPath: feed.path) else { throw .missing("\(feed.path) (SOFA iOS feed)") }
        self.init(endOfLife: texts, sofaFeed: data)
    }
}

/// Which endoflife.date product file holds what.
enum CatalogueProducts {
    static let devices: [String: (maker: String, platform: Platform, namePrefix: String)] = [
        "pixel": ("Google", .android, ""), "google-nexus": ("Google", .android, ""),
        "samsung-mobile": ("Samsung", .android, ""), "samsung-galaxy-tab": ("Samsung", .android, ""),
        "motorola-mobility": ("Motorola", .android, ""), "nokia": ("Nokia", .android, ""), "oneplus": ("OnePlus", .android, ""),
        "fairphone": ("Fairphone", .android, ""), "sony-xperia": ("Sony", .android, ""),
        "iphone": ("Apple", .ios, "iPhone "), "ipad": ("Apple", .ios, ""),
    ]
    static let systems: [String: String] = ["ios": "ios", "ipados": "ipados", "android": "android"]
}

import PalisadeCore
