import Foundation

/// Where MDM pushes go: Apple's production or sandbox service, or a stand-in on loopback for tests.
///
/// Refuses a base URL that is not `https` with a host, because APNs is only spoken over TLS and the
/// client certificate must never be offered to a plaintext listener.
public struct APNsEndpoint: Hashable, Sendable, CustomStringConvertible {
    /// Scheme, host and port; requests go to `<baseURL>/3/device/<hex token>`.
    public let baseURL: URL

    public init(baseURL: URL) throws(APNsSenderError) {
        guard baseURL.scheme?.lowercased() == "https", let host = baseURL.host, !host.isEmpty else {
            throw .endpointNotHTTPS(baseURL.absoluteString)
        }
        self.baseURL = baseURL
    }

    private init(trusted text: String) {
        // Only used for Apple's two fixed hosts, which are valid https URLs by construction.
        self.baseURL = URL(string: text)!
    }

    /// `api.push.apple.com:443`, for devices enrolled with a production push certificate (all MDM certificates).
    public static let production = APNsEndpoint(trusted: "https://api.push.apple.com:443")
    /// `api.sandbox.push.apple.com:443`, Apple's development environment.
    public static let sandbox = APNsEndpoint(trusted: "https://api.sandbox.push.apple.com:443")

    /// The full request URL for one token.
    func deviceURL(for token: PushToken) -> String {
        var base = baseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return base + "/3/device/" + token.hex
    }

    public var description: String { baseURL.absoluteString }
}
