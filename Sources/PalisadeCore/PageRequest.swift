/// Which slice of a long list to return: at most `limit` items after the opaque `cursor` of a previous page.
///
/// Keyset paging: a page costs the same however deep into the list it is, and items added meanwhile do not
/// shift later pages.
public struct PageRequest: Sendable, Hashable {
    public static let defaultLimit = 100
    public static let maximumLimit = 1000

    public var limit: Int
    public var cursor: String?

    public init(limit: Int = PageRequest.defaultLimit, cursor: String? = nil) {
        self.limit = max(1, min(limit, PageRequest.maximumLimit))
        self.cursor = cursor
    }
}
