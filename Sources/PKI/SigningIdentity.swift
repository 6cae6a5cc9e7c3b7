import _CryptoExtras
import Foundation
import SwiftASN1
import X509

/// A certificate with its RSA private key: the profile signer, the device listener's TLS identity.
public struct SigningIdentity: Sendable {
    public let certificate: Certificate
    public let privateKey: _RSA.Signing.PrivateKey

    public init(certificate: Certificate, privateKey: _RSA.Signing.PrivateKey) throws {
        guard certificate.publicKey == Certificate.PublicKey(privateKey.publicKey) else {
            throw CertificateAuthorityError.keyDoesNotMatchCertificate
        }
        self.certificate = certificate
        self.privateKey = privateKey
    }

    /// DER of the certificate.
    public var certificateDER: [UInt8] {
        // Serializing a parsed or freshly built certificate cannot fail.
        (try? certificate.derEncoded()) ?? []
    }

    public var certificatePEM: String { (try? certificate.serializeAsPEM().pemString).map { $0 + "\n" } ?? "" }
}

extension CertificateAuthority {
    /// Issues a fresh RSA 2048 key and certificate for `usage`.
    public func issueIdentity(commonName: String, usage: IssuedUsage, validity: TimeInterval, now: Date = Date()) throws -> SigningIdentity {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let certificate = try issue(
            publicKey: Certificate.PublicKey(key.publicKey), subject: try DistinguishedName {
                CommonName(commonName)
                OrganizationName("Palisade")
            }, usage: usage, validity: validity, now: now
        )
        return try SigningIdentity(certificate: certificate, privateKey: key)
    }

    /// The CA as a signing identity (it signs SCEP replies).
    public var identity: SigningIdentity {
        // The CA's own key always matches its certificate (checked when the CA was made).
        try! SigningIdentity(certificate: certificate, privateKey: privateKey)
    }
}
