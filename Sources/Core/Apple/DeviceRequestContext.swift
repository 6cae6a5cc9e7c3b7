import Hummingbird
import NIOCore
import NIOSSL
import X509

/// The request context of the device listener: it keeps the connection so that a device that authenticates with
/// its TLS client certificate (instead of `Mdm-Signature`) can be identified.
public struct DeviceRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// The certificate the client presented in the TLS handshake, if any. NIOSSL has already checked that it
    /// chains to Palisade's CA; the caller still checks issuance, validity and revocation.
    func clientCertificate() async -> Certificate? {
        guard let presented = try? await channel.nioSSL_peerCertificate().get(),
              let der = try? presented.toDERBytes()
        else { return nil }
        return try? Certificate(derEncoded: der)
    }
}
