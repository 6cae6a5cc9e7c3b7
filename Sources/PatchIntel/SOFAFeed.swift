import Foundation

/// Reads SOFA's iOS data feed (`ios_data_feed.json`, macadmins/sofa): every iOS/iPadOS security release and the
/// marketing names of the model identifiers.
public struct SOFAFeed: Sendable {
    public var releases: [AppleSecurityRelease]
    /// `iPhone15,2` → `iPhone 14 Pro`.
    public var marketingNames: [String: String]

    public init(releases: [AppleSecurityRelease], marketingNames: [String: String]) {
        self.releases = releases
        self.marketingNames = marketingNames
    }

    public init(json: Data) throws(CatalogueSourceError) {
        let feed: Feed
        do {
            feed = try JSONDecoder().decode(Feed.self, from: json)
        } catch {
            throw .malformed("the SOFA feed is not readable: \(error)")
        }
        var releases: [AppleSecurityRelease] = []
        var seen = Set<String>()
        for track in feed.OSVersions {
            for release in track.SecurityReleases {
                let day: CalendarDay
                do {
                    day = try CalendarDay(parsing: release.ReleaseDate.prefix(10))
                } catch {
                    throw .malformed("SOFA release \(release.ProductVersion): ReleaseDate \(error)")
                }
                // The feed repeats some releases (17.0.2 twice); one is enough.
                guard seen.insert("\(release.ProductVersion) \(day)").inserted else { continue }
                var builds = release.AllBuilds ?? []
                if let build = release.Build, !build.isEmpty, !builds.contains(build) { builds.insert(build, at: 0) }
                releases.append(AppleSecurityRelease(
                    version: release.ProductVersion, builds: builds, released: day,
                    cves: (release.CVEs ?? [:]).keys.sorted(), exploitedCVEs: (release.ActivelyExploitedCVEs ?? []).sorted(),
                    supportedModels: Set(release.SupportedDevices ?? [])
                ))
            }
        }
        guard !releases.isEmpty else { throw .malformed("the SOFA feed lists no security releases") }
        self.releases = releases.sorted { $0.released < $1.released }
        self.marketingNames = (feed.Devices ?? [:]).compactMapValues(\.MarketingName)
    }

    // The feed's own field names.
    // swiftlint:disable identifier_name
    private struct Feed: Decodable {
        var OSVersions: [Track]
        var Devices: [String: DeviceEntry]?
    }

    private struct Track: Decodable {
        var SecurityReleases: [Release]
    }

    private struct Release: Decodable {
        var ProductVersion: String
        var Build: String?
        var AllBuilds: [String]?
        var ReleaseDate: String
        var CVEs: [String: JSONIgnored]?
        var ActivelyExploitedCVEs: [String]?
        var SupportedDevices: [String]?
    }

    private struct DeviceEntry: Decodable {
        var MarketingName: String?
    }

    private struct JSONIgnored: Decodable {
        init(from decoder: any Decoder) throws {}
    }
}
