import NIOCore

/// How a listener's bound address is shown to people and written into URLs: a wildcard host becomes the loopback
/// address one can reach it at, and an IPv6 host is bracketed.
public enum BoundAddress {
    /// `host:port` of `channel`'s local address, configured as `host`.
    public static func hostPort(of channel: any Channel, host: String) -> String {
        let port = channel.localAddress?.port ?? 0
        let reachable = host == "0.0.0.0" ? "127.0.0.1" : host == "::" ? "::1" : host
        return (reachable.contains(":") ? "[\(reachable)]" : reachable) + ":\(port)"
    }
}
