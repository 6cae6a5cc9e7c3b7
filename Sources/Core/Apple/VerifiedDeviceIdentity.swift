import Crypto
import Foundation
import PalisadeCore
import PKI
import SwiftASN1
import X509

/// A device identity certificate that signed a request: issued by Palisade's CA, known to the issuance record,
/// in its validity period and not revoked.
public struct VerifiedDeviceIdentity: Sendable {
    public let certificate: Certificate
    /// SHA-256 of the certificate's DER, lower-case hex: what enrolments are bound to.
    public let fingerprint: String
    public let issued: IssuedCertificate
    /// The signed message itself (signature and body), for recognising an exact copy; `nil` when the device proved
    /// itself with its TLS client certificate, where a copy would need the device's key to be sent again.
    var signedMessage: RecentMessages.Digest?

    /// Checks the `Mdm-Signature` of a body and the certificate that made it.
    static func verify(
        signatureHeader: String?, body: Data, authority: CertificateAuthority, certificates: any IssuedCertificateStore, now: Date
    ) async throws(DeviceRefusal) -> VerifiedDeviceIdentity {
        guard let signatureHeader, !signatureHeader.isEmpty else {
            throw .forbidden("the message is not signed (Mdm-Signature)")
        }
        let certificate: Certificate
        do {
            certificate = try MDMSignature.verify(base64Header: signatureHeader, body: [UInt8](body))
        } catch {
            throw .forbidden("the Mdm-Signature does not verify: \(error)")
        }
        var identity = try await check(certificate, authority: authority, certificates: certificates, now: now)
        identity.signedMessage = RecentMessages.Digest(signature: signatureHeader, body: body)
        return identity
    }

    /// Checks a certificate the device presented (signature signer, or TLS client certificate).
    static func check(
        _ certificate: Certificate, authority: CertificateAuthority, certificates: any IssuedCertificateStore, now: Date
    ) async throws(DeviceRefusal) -> VerifiedDeviceIdentity {
        guard authority.issued(certificate) else { throw .forbidden("the identity was not issued by this server's CA") }
        guard certificate.notValidBefore <= now, now <= certificate.notValidAfter else {
            throw .forbidden("the identity certificate is outside its validity period")
        }
        let fingerprint = Self.fingerprint(of: certificate)
        let issued: IssuedCertificate?
        do {
            issued = try await certificates.issuedCertificate(fingerprint: fingerprint)
        } catch {
            throw .unavailable("the database did not answer")
        }
        guard let issued else { throw .forbidden("the identity certificate is not one this server issued") }
        guard issued.revokedAt == nil else { throw .forbidden("the identity certificate is revoked") }
        return VerifiedDeviceIdentity(certificate: certificate, fingerprint: fingerprint, issued: issued)
    }

    static func fingerprint(of certificate: Certificate) -> String {
        fingerprint(der: (try? certificate.derEncoded()) ?? [])
    }

    /// SHA-256 of a certificate's DER, lower-case hex: the form issued certificates are recorded and looked up by.
    static func fingerprint(der: [UInt8]) -> String {
        Hex.encode(SHA256.hash(data: der))
    }
}
