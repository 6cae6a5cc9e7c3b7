/// The body and media type of a GetCACert answer (RFC 8894 §4.2.1).
///
/// A single CA certificate is sent as DER (`application/x-x509-ca-cert`); a CA with further certificates
/// (an RA, intermediates) as a certs-only PKCS#7 (`application/x-x509-ca-ra-cert`).
public struct SCEPCACertificateResponse: Sendable, Hashable {
    public let body: [UInt8]
    public let contentType: String

    public init(body: [UInt8], contentType: String) {
        self.body = body
        self.contentType = contentType
    }
}
