import Crypto
import Foundation
import Simulator
import X509

/// A CA made for one test run, issuing MDM push certificates (with a UID topic) and loopback server
/// certificates, all with swift-certificates, so nothing here ever touches Apple.
struct ThrowawayPKI {
    let caKey: P256.Signing.PrivateKey
    let caCertificate: Certificate
    let caName: DistinguishedName

    /// The OID Apple puts the topic under: userid, 0.9.2342.19200300.100.1.1.
    static let uidType = RelativeDistinguishedName.Attribute(type: [0, 9, 2342, 19_200_300, 100, 1, 1], utf8String: "").type

    init(name: String = "Palisade test CA") throws {
        caKey = P256.Signing.PrivateKey()
        caName = try DistinguishedName { CommonName(name) }
        let now = Date()
        caCertificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: .init(caKey.publicKey),
            notValidBefore: now.addingTimeInterval(-3600),
            notValidAfter: now.addingTimeInterval(365 * 86_400),
            issuer: caName,
            subject: caName,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 1))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            },
            issuerPrivateKey: .init(caKey)
        )
    }

    /// A push certificate shaped like Apple's: `UID=<topic>, CN=APSP:<uuid>, C=US`, client auth.
    /// `topic: nil` leaves the UID out.
    func issuePushCertificate(
        topic: String?,
        publicKey: Certificate.PublicKey,
        notValidBefore: Date = Date().addingTimeInterval(-3600),
        notValidAfter: Date = Date().addingTimeInterval(365 * 86_400)
    ) throws -> Certificate {
        var subject = try DistinguishedName {
            CountryName("US")
            CommonName("APSP:\(UUID().uuidString.lowercased())")
        }
        if let topic {
            subject.append(RelativeDistinguishedName(RelativeDistinguishedName.Attribute(type: Self.uidType, utf8String: topic)))
        }
        return try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: publicKey,
            notValidBefore: notValidBefore,
            notValidAfter: notValidAfter,
            issuer: caName,
            subject: subject,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
                try ExtendedKeyUsage([.clientAuth])
            },
            issuerPrivateKey: .init(caKey)
        )
    }

    /// A server certificate for 127.0.0.1 and localhost, with its key, as the stand-in's identity.
    func issueLoopbackServerIdentity() throws -> APNsStandInIdentity {
        let key = P256.Signing.PrivateKey()
        let now = Date()
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: .init(key.publicKey),
            notValidBefore: now.addingTimeInterval(-3600),
            notValidAfter: now.addingTimeInterval(86_400),
            issuer: caName,
            subject: try DistinguishedName { CommonName("localhost") },
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames([.dnsName("localhost"), .ipAddress(.init(contentBytes: [127, 0, 0, 1]))])
            },
            issuerPrivateKey: .init(caKey)
        )
        return APNsStandInIdentity(certificateChain: [certificate], privateKey: .init(key), trustRoot: caCertificate)
    }

    /// A push certificate with a fresh P-256 key, as PEM text ready for `PushCertificate`.
    func pushCertificatePEM(
        topic: String? = ThrowawayPKI.newTopic(),
        notValidBefore: Date = Date().addingTimeInterval(-3600),
        notValidAfter: Date = Date().addingTimeInterval(365 * 86_400)
    ) throws -> (certificate: String, key: String) {
        let key = P256.Signing.PrivateKey()
        let certificate = try issuePushCertificate(
            topic: topic, publicKey: .init(key.publicKey), notValidBefore: notValidBefore, notValidAfter: notValidAfter
        )
        return (try Self.pem(certificate), key.pemRepresentation + "\n")
    }

    static func newTopic() -> String {
        "com.apple.mgmt.External.\(UUID().uuidString.lowercased())"
    }

    static func pem(_ certificate: Certificate) throws -> String {
        try certificate.serializeAsPEM().pemString + "\n"
    }
}
