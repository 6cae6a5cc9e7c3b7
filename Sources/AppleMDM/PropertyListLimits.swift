/// The bounds `PropertyListGuard` holds a body to. Each one caps time or memory before a decoder runs.
public struct PropertyListLimits: Sendable, Hashable {
    /// Largest body, in bytes.
    public var maximumBodySize: Int
    /// Deepest nesting of `<array>` and `<dict>`. Foundation's decoder has no limit of its own and overflows the
    /// stack near 10,000 levels; Apple's check-in and result documents nest fewer than ten.
    public var maximumDepth: Int
    /// Most keys in one dictionary.
    public var maximumKeysPerDictionary: Int
    /// Most elements of any kind in the document.
    public var maximumElements: Int
    /// Longest `<string>` or `<key>` text, in bytes as written (before entity references are expanded).
    public var maximumStringLength: Int
    /// Longest `<data>` text, in bytes of base64 as written.
    public var maximumDataLength: Int

    public init(
        maximumBodySize: Int = 1 << 20,
        maximumDepth: Int = 32,
        maximumKeysPerDictionary: Int = 4096,
        maximumElements: Int = 65_536,
        maximumStringLength: Int = 64 << 10,
        maximumDataLength: Int = 1 << 20
    ) {
        self.maximumBodySize = maximumBodySize
        self.maximumDepth = maximumDepth
        self.maximumKeysPerDictionary = maximumKeysPerDictionary
        self.maximumElements = maximumElements
        self.maximumStringLength = maximumStringLength
        self.maximumDataLength = maximumDataLength
    }

    /// For check-in messages and command results: 1 MiB, 32 levels. An installed-application list of a few
    /// hundred apps is about 15,000 elements, well inside.
    public static let deviceMessage = PropertyListLimits()
}
