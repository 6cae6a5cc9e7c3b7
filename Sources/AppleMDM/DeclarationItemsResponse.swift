import Crypto
import Foundation
import PalisadeCore

/// The answer to the `declaration-items` endpoint: the manifest and the `DeclarationsToken` that names it.
public struct DeclarationItemsResponse: Sendable, Hashable, Codable {
    public var declarations: DeclarationManifest
    public var declarationsToken: String

    public init(declarations: DeclarationManifest, declarationsToken: String) {
        self.declarations = declarations
        self.declarationsToken = declarationsToken
    }

    /// A response whose token is derived from the manifest, so it changes exactly when the manifest does.
    public init(declarations: DeclarationManifest) {
        self.init(declarations: declarations, declarationsToken: Self.declarationsToken(for: declarations))
    }

    /// SHA-256 over every kind, identifier and server token in a fixed order, as lower-case hex. Order-independent
    /// within each kind, so reordering the same declarations does not make devices refetch.
    public static func declarationsToken(for manifest: DeclarationManifest) -> String {
        var lines: [String] = []
        let kinds: [(String, [DeclarationItem])] = [
            ("activation", manifest.activations), ("asset", manifest.assets),
            ("configuration", manifest.configurations), ("management", manifest.management),
        ]
        for (kind, items) in kinds {
            for item in items { lines.append("\(kind)\u{0}\(item.identifier)\u{0}\(item.serverToken)") }
        }
        let digest = SHA256.hash(data: Data(lines.sorted().joined(separator: "\n").utf8))
        return Hex.encode(digest)
    }

    private enum CodingKeys: String, CodingKey {
        case declarations = "Declarations"
        case declarationsToken = "DeclarationsToken"
    }

    public func jsonData() -> Data { DeclarativeJSON.encode(self) }
}
