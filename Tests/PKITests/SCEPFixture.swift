import _CryptoExtras
import Foundation
import PKI
import SwiftASN1
import X509

/// A SCEP server over a test CA whose issuing closure accepts one challenge password, plus device-side
/// material for clients.
struct SCEPFixture: Sendable {
    static let challenge = "s3cret-Challenge"
    let ca: TestIdentity
    let server: SCEPServer

    init(additionalCertificates: [Certificate] = [], issueThrows: Bool = false) throws {
        let ca = TestIdentity.sharedCA
        self.ca = ca
        server = try SCEPServer(
            caCertificate: ca.certificate, caPrivateKey: ca.rsaKey!, additionalCertificates: additionalCertificates
        ) { request in
            if issueThrows { throw CocoaError(.fileWriteOutOfSpace) }
            guard request.challengePassword == Self.challenge else { return .rejected(.badRequest) }
            let now = Date()
            let certificate = try Certificate(
                version: .v3, serialNumber: .init(), publicKey: request.publicKey,
                notValidBefore: now - 60, notValidAfter: now + 86_400 * 365,
                issuer: ca.certificate.subject, subject: request.subject, signatureAlgorithm: .sha256WithRSAEncryption,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.notCertificateAuthority)
                    Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
                },
                issuerPrivateKey: ca.privateKey
            )
            return .issued(certificate)
        }
    }

    /// A device with a fresh RSA key, its self-signed certificate and a CSR with `challenge`.
    struct Device {
        let key: _RSA.Signing.PrivateKey
        let selfSigned: Certificate
        let csr: CertificateSigningRequest
    }

    static func device(challenge: String? = SCEPFixture.challenge, name: String = "device-0001") throws -> Device {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let subject = try DistinguishedName { CommonName(name); OrganizationName("Palisade Fleet") }
        return Device(
            key: key,
            selfSigned: try SCEPClient.selfSignedCertificate(key: key, subject: subject),
            csr: try SCEPClient.certificateSigningRequest(subject: subject, key: Certificate.PrivateKey(key), challengePassword: challenge)
        )
    }

    func client(
        for device: Device,
        cipher: CMSContentEncryptionAlgorithm = .aes256CBC,
        digest: CMSDigestAlgorithm = .sha256,
        keyTransport: CMSKeyTransport = .rsaPKCS1v15
    ) throws -> SCEPClient {
        try SCEPClient(
            caCertificate: ca.certificate, signerCertificate: device.selfSigned, signerKey: device.key,
            contentEncryption: cipher, digest: digest, keyTransport: keyTransport
        )
    }
}
