/// What a core answers on `RelayRoutes.wipeBreakerReleases`: every unexpired release it holds.
public struct WipeBreakerReleaseList: Codable, Sendable, Hashable {
    public var releases: [WipeBreakerRelease]

    public init(releases: [WipeBreakerRelease]) {
        self.releases = releases
    }
}
