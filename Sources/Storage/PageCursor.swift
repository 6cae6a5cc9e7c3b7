import Foundation
import PalisadeCore

/// The opaque cursor text of keyset paging: a kind and the last key of the previous page, base64url-encoded.
/// The kind keeps a cursor from one listing from being replayed against another.
enum PageCursor {
    static func make(kind: String, key: String) -> String {
        Base64URL.encode(Data("\(kind):\(key)".utf8))
    }

    /// The key inside `cursor`, or `nil` for the first page. Throws `invalidCursor` for anything not made by `make`.
    static func key(_ cursor: String?, kind: String) throws -> String? {
        guard let cursor else { return nil }
        guard cursor.count <= 512, let data = Base64URL.decode(cursor), let text = String(data: data, encoding: .utf8),
              text.hasPrefix("\(kind):")
        else { throw StoreError.invalidCursor }
        return String(text.dropFirst(kind.count + 1))
    }

    /// The integer key inside `cursor`, or `nil` for the first page.
    static func integerKey(_ cursor: String?, kind: String) throws -> Int64? {
        guard let text = try key(cursor, kind: kind) else { return nil }
        guard let value = Int64(text) else { throw StoreError.invalidCursor }
        return value
    }

    /// The page of a listing that fetched one row more than `limit`: the extra row only tells that another page
    /// follows, whose cursor is the key of this page's last item.
    static func page<Item: Sendable>(of found: [Item], limit: Int, kind: String, key: (Item) -> String) -> Page<Item> {
        let items = Array(found.prefix(limit))
        let next = found.count > limit ? items.last.map { make(kind: kind, key: key($0)) } : nil
        return Page(items: items, nextCursor: next)
    }
}
