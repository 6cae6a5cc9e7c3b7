import Hummingbird
import NIOCore
import NIOSSL
import Relay

/// The request context of the edge's device listener: keeps the connection, so the edge can tell the core what it
/// saw of the device (address, TLS version, client certificate).
public struct EdgeRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// What the TLS connection showed. A client certificate here has already been checked by NIOSSL against the
    /// configured device CA (when one is configured); the core checks it again against its own records.
    func clientInfo() async -> RelayClientInfo {
        let address = channel.remoteAddress?.ipAddress
        // One hop to the connection's event loop for both facts (a request on the edge's hot path).
        let seen = try? await channel.eventLoop.submit { [channel] () -> (TLSVersion?, [UInt8]?) in
            guard let tls = try? channel.pipeline.syncOperations.handler(type: NIOSSLServerHandler.self) else { return (nil, nil) }
            return (tls.tlsVersion, tls.peerCertificate.flatMap { try? $0.toDERBytes() })
        }.get()
        return RelayClientInfo(address: address, tlsVersion: seen?.0.map(Self.name(of:)), certificateDER: seen?.1)
    }

    private static func name(of version: TLSVersion) -> String {
        switch version {
        case .tlsv1: "TLSv1.0"
        case .tlsv11: "TLSv1.1"
        case .tlsv12: "TLSv1.2"
        case .tlsv13: "TLSv1.3"
        }
    }
}
