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
        let version = try? await channel.nioSSL_tlsVersion().get()
        let certificate = (try? await channel.nioSSL_peerCertificate().get()).flatMap { $0 }
        return RelayClientInfo(
            address: address, tlsVersion: version.map(Self.name(of:)), certificateDER: certificate.flatMap { try? $0.toDERBytes() }
        )
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
