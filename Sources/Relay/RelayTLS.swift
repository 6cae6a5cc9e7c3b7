import NIOCore
import NIOSSL

/// TLS for the relay link: TLS 1.3 only, both sides present their relay identity, and each accepts exactly the
/// keys it was given. Normal chain verification is replaced by the pin check — there is no CA to trust.
public enum RelayTLS {
    /// ALPN name of the reversed HTTP/2 link (the edge is the HTTP/2 client, the core the server).
    public static let relayProtocol = "palisade-relay/1"
    /// ALPN name of an egress tunnel connection (the core asks the edge to CONNECT somewhere).
    public static let egressProtocol = "palisade-egress/1"

    /// The edge's side: demands a client certificate, offers both protocols.
    static func serverContext(identity: RelayIdentity) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: [.certificate(try identity.sslCertificate)], privateKey: .privateKey(try identity.sslPrivateKey)
        )
        configuration.minimumTLSVersion = .tlsv13
        configuration.certificateVerification = .noHostnameVerification
        configuration.applicationProtocols = [relayProtocol, egressProtocol]
        return try NIOSSLContext(configuration: configuration)
    }

    /// The core's side, for one protocol.
    public static func clientContext(identity: RelayIdentity, applicationProtocol: String) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateChain = [.certificate(try identity.sslCertificate)]
        configuration.privateKey = .privateKey(try identity.sslPrivateKey)
        configuration.minimumTLSVersion = .tlsv13
        configuration.certificateVerification = .noHostnameVerification
        configuration.applicationProtocols = [applicationProtocol]
        return try NIOSSLContext(configuration: configuration)
    }

    /// Accepts the handshake only if the peer's leaf certificate carries one of `pins`. The handshake itself has
    /// already proved the peer holds that certificate's private key.
    static func pinning(_ pins: Set<RelayKeyPin>) -> NIOSSLCustomVerificationCallback {
        { certificates, promise in
            guard let leaf = certificates.first, let pin = try? RelayKeyPin(certificate: leaf), pins.contains(pin) else {
                promise.succeed(.failed)
                return
            }
            promise.succeed(.certificateVerified)
        }
    }

    /// A client TLS handler for the relay link to one edge.
    public static func clientHandler(context: NIOSSLContext, edgePin: RelayKeyPin) throws -> NIOSSLClientHandler {
        try NIOSSLClientHandler(context: context, serverHostname: nil, customVerificationCallback: pinning([edgePin]))
    }
}
