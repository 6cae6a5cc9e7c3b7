/// Header values that proxies may fold or pad (a long `Mdm-Signature`): the edge and the core must read them alike.
public enum FoldedHeader {
    /// The value without spaces, tabs, carriage returns or line feeds, which base64 never contains. Filtered as
    /// ASCII bytes: a `CharacterSet` test per character cost more than checking the signature itself.
    public static func compacted(_ value: String) -> String {
        String(decoding: value.utf8.filter { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }, as: UTF8.self)
    }
}
