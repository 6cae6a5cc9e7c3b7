/// One edge a core dials: where it listens for cores, and the key it must prove.
public struct RelayEdgeAddress: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var pin: RelayKeyPin

    public init(host: String, port: Int, pin: RelayKeyPin) {
        self.host = host
        self.port = port
        self.pin = pin
    }

    /// Parses `host:port` (an IPv6 literal in brackets).
    public init(address: String, pin: RelayKeyPin) throws(RelayError) {
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]),
              (1...65535).contains(port)
        else { throw .identity("edge address '\(address)' must be host:port") }
        var host = String(address[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw .identity("edge address '\(address)' names no host") }
        self.init(host: host, port: port, pin: pin)
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
