/// A host and port the core may reach through the edge's egress relay, such as `api.push.apple.com:443`.
///
/// Host names are compared in lower case without a trailing dot. A leading `*.` matches any one or more labels in
/// front of the rest (`*.push.apple.com` matches `api.push.apple.com`, not `push.apple.com`).
public struct EgressDestination: Sendable, Hashable, CustomStringConvertible {
    public let host: String
    public let port: Int
    public let isWildcard: Bool

    /// Parses `host:port` or `*.suffix:port`. Refuses IP literals (the allow-list names services, not
    /// addresses), a missing or out-of-range port, empty labels and characters a host name cannot hold.
    public init(_ text: String) throws(EgressError) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (1...65535).contains(port) else {
            throw .badEntry(text, "needs host:port with a port from 1 to 65535")
        }
        var host = Self.normalised(String(text[..<colon]))
        var wildcard = false
        if host.hasPrefix("*.") {
            wildcard = true
            host.removeFirst(2)
        }
        guard Self.isHostName(host) else { throw .badEntry(text, "is not a host name (IP addresses are not allowed)") }
        self.host = host
        self.port = port
        isWildcard = wildcard
    }

    public var description: String { "\(isWildcard ? "*." : "")\(host):\(port)" }

    /// Whether a CONNECT to `host:port` is this destination.
    public func matches(host candidate: String, port candidatePort: Int) -> Bool {
        guard candidatePort == port else { return false }
        let name = Self.normalised(candidate)
        if isWildcard { return name.hasSuffix("." + host) && name.count > host.count + 1 }
        return name == host
    }

    static func normalised(_ host: String) -> String {
        var name = host.lowercased()
        if name.hasSuffix(".") { name.removeLast() }
        return name
    }

    /// Letters, digits and hyphens in dot-separated labels of 1–63 characters, not all-numeric at the end (so an
    /// IPv4 address is no host name), 253 characters at most.
    static func isHostName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 253 else { return false }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        for label in labels {
            guard (1...63).contains(label.utf8.count), label.first != "-", label.last != "-",
                  label.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D })
            else { return false }
        }
        return !(labels.last?.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } ?? true)
    }
}
