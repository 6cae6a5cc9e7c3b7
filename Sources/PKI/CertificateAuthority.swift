import _CryptoExtras
import Crypto
import Foundation
import SwiftASN1
import X509

/// Palisade's own certificate authority: it issues device identities (through SCEP), the device listener's TLS
/// certificate and the profile-signing certificate, and signs the revocation list.
///
/// The key is RSA because SCEP clients encrypt their requests to the CA's key; it never leaves the core except
/// sealed with the key-encryption key.
public struct CertificateAuthority: Sendable {
    public let certificate: Certificate
    public let privateKey: _RSA.Signing.PrivateKey

    /// Makes a new self-signed CA valid for `years`.
    public static func create(commonName: String, organization: String = "Palisade", now: Date = Date(), years: Int = 10) throws -> CertificateAuthority {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let name = try DistinguishedName {
            CommonName(commonName)
            OrganizationName(organization)
        }
        let publicKey = Certificate.PublicKey(key.publicKey)
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: publicKey,
            notValidBefore: now.addingTimeInterval(-300),
            notValidAfter: now.addingTimeInterval(TimeInterval(years) * 365 * 86_400),
            issuer: name,
            subject: name,
            signatureAlgorithm: .sha256WithRSAEncryption,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: publicKey)
            },
            issuerPrivateKey: Certificate.PrivateKey(key)
        )
        return try CertificateAuthority(certificate: certificate, privateKey: key)
    }

    /// A CA from a stored certificate and key; refuses a key that is not the certificate's.
    public init(certificate: Certificate, privateKey: _RSA.Signing.PrivateKey) throws {
        guard certificate.publicKey == Certificate.PublicKey(privateKey.publicKey) else {
            throw CertificateAuthorityError.keyDoesNotMatchCertificate
        }
        self.certificate = certificate
        self.privateKey = privateKey
    }

    /// Issues a certificate for `publicKey`. Device identities and TLS certificates get a fresh random serial.
    public func issue(
        publicKey: Certificate.PublicKey, subject: DistinguishedName, usage: IssuedUsage,
        validity: TimeInterval, now: Date = Date()
    ) throws -> Certificate {
        let authorityKeyID = try certificate.extensions.subjectKeyIdentifier?.keyIdentifier
            ?? SubjectKeyIdentifier(hash: certificate.publicKey).keyIdentifier
        let extensions = try Certificate.Extensions {
            Critical(BasicConstraints.notCertificateAuthority)
            SubjectKeyIdentifier(hash: publicKey)
            AuthorityKeyIdentifier(keyIdentifier: authorityKeyID)
            switch usage {
            case .deviceIdentity:
                Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
                try ExtendedKeyUsage([.clientAuth])
            case .tlsServer(let dnsNames, let ipAddresses):
                Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames(dnsNames.map(GeneralName.dnsName) + (try ipAddresses.map(Self.ipAddressName)))
            case .profileSigning:
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.emailProtection, .codeSigning])
            }
        }
        return try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: publicKey,
            notValidBefore: now.addingTimeInterval(-300),
            notValidAfter: min(now.addingTimeInterval(validity), certificate.notValidAfter),
            issuer: certificate.subject,
            subject: subject,
            signatureAlgorithm: .sha256WithRSAEncryption,
            extensions: extensions,
            issuerPrivateKey: Certificate.PrivateKey(privateKey)
        )
    }

    /// Whether `candidate` was issued by this CA: its issuer name matches and the CA's key made its signature.
    public func issued(_ candidate: Certificate) -> Bool {
        candidate.issuer == certificate.subject && certificate.publicKey.isValidSignature(candidate.signature, for: candidate)
    }

    private static func ipAddressName(_ text: String) throws -> GeneralName {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return .ipAddress(ASN1OctetString(contentBytes: ArraySlice(withUnsafeBytes(of: &v4) { Array($0) })))
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            return .ipAddress(ASN1OctetString(contentBytes: ArraySlice(withUnsafeBytes(of: &v6) { Array($0) })))
        }
        throw CertificateAuthorityError.notAnIPAddress(text)
    }
}

/// Why the CA refused.
public enum CertificateAuthorityError: Error, Equatable, CustomStringConvertible {
    case keyDoesNotMatchCertificate
    case notAnIPAddress(String)

    public var description: String {
        switch self {
        case .keyDoesNotMatchCertificate: "the CA private key does not belong to the CA certificate"
        case .notAnIPAddress(let text): "'\(text)' is not an IP address"
        }
    }
}
