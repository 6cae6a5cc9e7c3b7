/// The destinations the core may reach through the edge (APNs, Google's APIs, app stores, OCSP), and the decision
/// on each CONNECT the core asks for. Anything not listed is refused: a breached core cannot use the edge to reach
/// the rest of the internet, and the edge only ever sees a host name, never the TLS inside the tunnel.
public struct EgressAllowList: Sendable, Hashable {
    public let destinations: [EgressDestination]

    public init(_ destinations: [EgressDestination]) {
        self.destinations = destinations
    }

    /// Parses entries such as `api.push.apple.com:443`; refuses the whole list if any entry is malformed, so a typo
    /// never silently narrows or widens it.
    public init(entries: [String]) throws(EgressError) {
        var parsed: [EgressDestination] = []
        for entry in entries { parsed.append(try EgressDestination(entry)) }
        destinations = parsed
    }

    /// What Palisade's core reaches by default: Apple's push service (production and sandbox, 443 and the
    /// alternative 2197) and Google's Android Management and OAuth endpoints.
    public static let standard = EgressAllowList([
        "api.push.apple.com:443", "api.push.apple.com:2197", "api.sandbox.push.apple.com:443",
        "api.sandbox.push.apple.com:2197", "androidmanagement.googleapis.com:443", "oauth2.googleapis.com:443",
    ].map { try! EgressDestination($0) }) // The literals above are valid entries; a test parses each.

    /// Decides a CONNECT request target (`host:port`, RFC 9110 authority form; IPv6 literals in brackets).
    public func decide(connectTarget target: String) throws(EgressError) -> (host: String, port: Int) {
        guard target.utf8.count <= 300, !target.contains(where: { $0 == " " || $0 == "/" || $0 == "@" }) else {
            throw .malformedRequest("the target must be host:port")
        }
        guard let colon = target.lastIndex(of: ":"), let port = Int(target[target.index(after: colon)...]),
              (1...65535).contains(port)
        else { throw .malformedRequest("the target must end in :port") }
        let host = String(target[..<colon])
        guard !host.isEmpty else { throw .malformedRequest("the target names no host") }
        guard destinations.contains(where: { $0.matches(host: host, port: port) }) else {
            throw .notAllowed(host: host, port: port)
        }
        return (EgressDestination.normalised(host), port)
    }
}
