import Hummingbird
import NIOCore
import NIOSSL
import Relay
import X509

/// A device request context that can say which TLS client certificate the device presented.
public protocol DeviceClientContext: RequestContext where Source == ApplicationRequestContextSource {
    /// The certificate the device presented in its TLS handshake, if any. The caller still checks issuance,
    /// validity, binding and revocation.
    func clientCertificate(for request: Request) async -> Certificate?
    /// The relay key pin of the edge that relayed the request, `nil` when the device reached the core directly.
    var relayingEdge: String? { get }
}

extension DeviceClientContext {
    public var relayingEdge: String? { nil }
}

/// The request context of the core's own device listener: it keeps the connection so that a device that
/// authenticates with its TLS client certificate (instead of `Mdm-Signature`) can be identified. Relay headers
/// (`X-Palisade-*`) are never read here: on this listener they would come from the device itself.
public struct DeviceRequestContext: DeviceClientContext {
    public var coreContext: CoreRequestContextStorage
    let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// NIOSSL has already checked that the certificate chains to Palisade's CA.
    public func clientCertificate(for request: Request) async -> Certificate? {
        guard let presented = try? await channel.nioSSL_peerCertificate().get(),
              let der = try? presented.toDERBytes()
        else { return nil }
        return try? Certificate(derEncoded: der)
    }
}

/// The request context of requests an edge relayed over a relay link the core dialled. The TLS peer here is the
/// edge, so the device's certificate comes from the edge's `X-Palisade-Client-Certificate` header — trusted only
/// because this context exists only on relay links, whose peer proved a pinned key.
public struct RelayedDeviceRequestContext: DeviceClientContext {
    public var coreContext: CoreRequestContextStorage
    /// Set from the relay link the request came over, whose peer proved this pin.
    public var relayingEdge: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    public func clientCertificate(for request: Request) async -> Certificate? {
        guard let der = RelayClientInfo(relayedHeaders: request.headers).certificateDER else { return nil }
        return try? Certificate(derEncoded: der)
    }
}
