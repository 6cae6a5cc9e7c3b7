/// One iOS/iPadOS release from the SOFA feed: when it came out, what it fixed, which models it is for.
public struct AppleSecurityRelease: Sendable, Hashable, Codable {
    /// `18.7.8`.
    public var version: String
    /// Every build of it (`22H352`, `22H6352`); older entries of the feed list none.
    public var builds: [String]
    public var released: CalendarDay
    /// CVEs it fixes.
    public var cves: [String]
    /// CVEs it fixes that Apple says were exploited in the wild.
    public var exploitedCVEs: [String]
    /// Model identifiers it installs on (`iPhone15,2`); empty when the feed does not say (older entries).
    public var supportedModels: Set<String>
    /// The major version, the track it belongs to (`18`).
    public let major: Int

    public init(version: String, builds: [String], released: CalendarDay, cves: [String], exploitedCVEs: [String], supportedModels: Set<String>) {
        major = Int(version.prefix { $0 != "." }) ?? 0
        self.version = version
        self.builds = builds
        self.released = released
        self.cves = cves
        self.exploitedCVEs = exploitedCVEs
        self.supportedModels = supportedModels
    }
}
