import _CryptoExtras
import Crypto
import Foundation
import SwiftASN1
import X509

/// A certificate with its private key, made for a test, with the PEM files external tools need.
struct TestIdentity: Sendable {
    /// One RSA CA shared by tests that only need some CA: RSA key generation is the slow part.
    static let sharedCA = try! certificateAuthority()

    let kind: KeyKind
    let certificate: Certificate
    let privateKey: Certificate.PrivateKey
    /// The RSA key when the identity is RSA (SCEP decryption needs it).
    let rsaKey: _RSA.Signing.PrivateKey?
    let keyPEM: String

    var certificatePEM: String { (try! certificate.serializeAsPEM().pemString) + "\n" }
    var der: [UInt8] {
        var serializer = DER.Serializer()
        try! serializer.serialize(certificate)
        return serializer.serializedBytes
    }

    enum KeyKind: Sendable { case rsa, p256, p384 }

    /// A self-signed CA certificate.
    static func certificateAuthority(_ name: String = "Palisade Test CA", kind: KeyKind = .rsa) throws -> TestIdentity {
        let (key, rsa, pem) = try makeKey(kind)
        let subject = try DistinguishedName { CommonName(name); OrganizationName("Palisade Tests") }
        let now = Date()
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: key.publicKey,
            notValidBefore: now - 3600, notValidAfter: now + 86_400 * 365,
            issuer: subject, subject: subject, signatureAlgorithm: algorithm(for: kind),
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: key.publicKey)
            },
            issuerPrivateKey: key
        )
        return TestIdentity(kind: kind, certificate: certificate, privateKey: key, rsaKey: rsa, keyPEM: pem)
    }

    /// An end-entity certificate for signing, issued by `issuer` (or self-signed when nil).
    static func leaf(_ name: String, kind: KeyKind = .rsa, issuedBy issuer: TestIdentity?, validity: TimeInterval = 86_400) throws -> TestIdentity {
        let (key, rsa, pem) = try makeKey(kind)
        let subject = try DistinguishedName { CommonName(name); OrganizationName("Palisade Tests") }
        let now = Date()
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: key.publicKey,
            notValidBefore: now - 3600, notValidAfter: now + validity,
            issuer: issuer?.certificate.subject ?? subject, subject: subject,
            signatureAlgorithm: algorithm(for: issuer?.kind ?? kind),
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
                SubjectKeyIdentifier(hash: key.publicKey)
            },
            issuerPrivateKey: issuer?.privateKey ?? key
        )
        return TestIdentity(kind: kind, certificate: certificate, privateKey: key, rsaKey: rsa, keyPEM: pem)
    }

    private static func algorithm(for kind: KeyKind) -> Certificate.SignatureAlgorithm {
        switch kind {
        case .rsa: .sha256WithRSAEncryption
        case .p256: .ecdsaWithSHA256
        case .p384: .ecdsaWithSHA384
        }
    }

    private static func makeKey(_ kind: KeyKind) throws -> (Certificate.PrivateKey, _RSA.Signing.PrivateKey?, String) {
        switch kind {
        case .rsa:
            let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
            return (Certificate.PrivateKey(key), key, key.pemRepresentation + "\n")
        case .p256:
            let key = P256.Signing.PrivateKey()
            return (Certificate.PrivateKey(key), nil, key.pemRepresentation + "\n")
        case .p384:
            let key = P384.Signing.PrivateKey()
            return (Certificate.PrivateKey(key), nil, key.pemRepresentation + "\n")
        }
    }

    /// Writes `name.pem` (certificate) and `name.key` (private key) into `directory`.
    func write(as name: String, to directory: ScratchDirectory) throws {
        try directory.write("\(name).pem", certificatePEM)
        try directory.write("\(name).key", keyPEM)
    }
}
