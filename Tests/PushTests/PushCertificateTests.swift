import Crypto
import Foundation
import Push
import Testing
import X509

@Suite("PushCertificate")
struct PushCertificateTests {
    let pki: ThrowawayPKI

    init() throws {
        pki = try ThrowawayPKI()
    }

    @Test func exposesTopicExpirySubjectAndFingerprint() throws {
        let topic = ThrowawayPKI.newTopic()
        let notAfter = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 200 * 86_400).rounded(.down))
        let pem = try pki.pushCertificatePEM(topic: topic, notValidAfter: notAfter)

        let push = try PushCertificate(certificatePEM: pem.certificate, privateKeyPEM: pem.key)

        #expect(push.topic == topic)
        #expect(push.notValidAfter == notAfter)
        #expect(push.subject.hasPrefix("UID=\(topic), CN=APSP:"))
        #expect(push.subject.hasSuffix(", C=US"))
        let der = try #require(PEMDocumentBytes.der(of: pem.certificate))
        let expected = SHA256.hash(data: der).map { String(format: "%02x", $0) }.joined()
        #expect(push.sha256Fingerprint == expected)
        #expect(push.expiryWarning(at: Date()) == nil)
    }

    @Test(.enabled(if: OpenSSLKeys.runs, "openssl is not installed"))
    func loadsRSAKeysInPKCS8AndPKCS1() throws {
        try #require(OpenSSLKeys.isAvailable, "openssl not installed")
        let pkcs8 = try OpenSSLKeys.rsaPKCS8()
        let pkcs1 = try OpenSSLKeys.rsaPKCS1(from: pkcs8)
        #expect(pkcs8.contains("BEGIN PRIVATE KEY"))
        #expect(pkcs1.contains("BEGIN RSA PRIVATE KEY"))
        let publicKey = try Certificate.PrivateKey(pemEncoded: pkcs8).publicKey
        let certificate = try ThrowawayPKI.pem(pki.issuePushCertificate(topic: ThrowawayPKI.newTopic(), publicKey: publicKey))

        let fromPKCS8 = try PushCertificate(certificatePEM: certificate, privateKeyPEM: pkcs8)
        let fromPKCS1 = try PushCertificate(certificatePEM: certificate, privateKeyPEM: pkcs1)
        #expect(fromPKCS8.sha256Fingerprint == fromPKCS1.sha256Fingerprint)
    }

    @Test(.enabled(if: OpenSSLKeys.runs, "openssl is not installed"))
    func loadsSEC1ECKeyWithParametersBlock() throws {
        try #require(OpenSSLKeys.isAvailable, "openssl not installed")
        let sec1 = try OpenSSLKeys.ecSEC1()
        #expect(sec1.contains("BEGIN EC PRIVATE KEY"))
        let publicKey = try Certificate.PrivateKey(pemEncoded: sec1).publicKey
        let certificate = try ThrowawayPKI.pem(pki.issuePushCertificate(topic: ThrowawayPKI.newTopic(), publicKey: publicKey))
        let withParameters = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n" + sec1

        _ = try PushCertificate(certificatePEM: certificate, privateKeyPEM: withParameters)
    }

    @Test func loadsFromFilesIncludingOneCombinedFile() throws {
        let pem = try pki.pushCertificatePEM()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("push-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let certificatePath = directory.appendingPathComponent("push.pem").path
        let keyPath = directory.appendingPathComponent("push.key").path
        let combinedPath = directory.appendingPathComponent("combined.pem").path
        try pem.certificate.write(toFile: certificatePath, atomically: true, encoding: .utf8)
        try pem.key.write(toFile: keyPath, atomically: true, encoding: .utf8)
        try (pem.key + pem.certificate).write(toFile: combinedPath, atomically: true, encoding: .utf8)

        let separate = try PushCertificate(certificateFile: certificatePath, privateKeyFile: keyPath)
        let combined = try PushCertificate(certificateFile: combinedPath, privateKeyFile: combinedPath)
        #expect(separate.sha256Fingerprint == combined.sha256Fingerprint)

        #expect(throws: PushCertificateError.self) {
            try PushCertificate(certificateFile: directory.appendingPathComponent("missing.pem").path, privateKeyFile: keyPath)
        }
    }

    @Test func refusesAKeyThatIsNotTheCertificates() throws {
        let pem = try pki.pushCertificatePEM()
        let otherKey = P256.Signing.PrivateKey().pemRepresentation

        #expect(throws: PushCertificateError.keyDoesNotMatchCertificate) {
            try PushCertificate(certificatePEM: pem.certificate, privateKeyPEM: otherKey)
        }
    }

    @Test func refusesACertificateWithoutUIDTopic() throws {
        let pem = try pki.pushCertificatePEM(topic: nil)

        #expect(throws: PushCertificateError.missingTopic) {
            try PushCertificate(certificatePEM: pem.certificate, privateKeyPEM: pem.key)
        }
    }

    @Test func refusesAnAppPushCertificate() throws {
        let pem = try pki.pushCertificatePEM(topic: "com.example.someapp")

        #expect(throws: PushCertificateError.notAnMDMTopic("com.example.someapp")) {
            try PushCertificate(certificatePEM: pem.certificate, privateKeyPEM: pem.key)
        }
    }

    @Test(.enabled(if: OpenSSLKeys.runs, "openssl is not installed"))
    func refusesAnEncryptedKey() throws {
        try #require(OpenSSLKeys.isAvailable, "openssl not installed")
        let pem = try pki.pushCertificatePEM()
        let encrypted = try OpenSSLKeys.encrypted(pem.key)
        #expect(encrypted.contains("ENCRYPTED PRIVATE KEY"))

        #expect(throws: PushCertificateError.privateKeyEncrypted) {
            try PushCertificate(certificatePEM: pem.certificate, privateKeyPEM: encrypted)
        }
    }

    @Test func refusesMissingPiecesWithTypedErrors() throws {
        let pem = try pki.pushCertificatePEM()
        #expect(throws: PushCertificateError.noCertificate) {
            try PushCertificate(certificatePEM: pem.key, privateKeyPEM: pem.key)
        }
        #expect(throws: PushCertificateError.noPrivateKey) {
            try PushCertificate(certificatePEM: pem.certificate, privateKeyPEM: pem.certificate)
        }
    }

    @Test func refusesAnExpiredCertificateUnlessLoadedForInspection() throws {
        let expiredAt = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 - 3 * 86_400).rounded(.down))
        let pem = try pki.pushCertificatePEM(notValidBefore: expiredAt.addingTimeInterval(-86_400 * 365), notValidAfter: expiredAt)

        #expect(throws: PushCertificateError.expired(notValidAfter: expiredAt)) {
            try PushCertificate(certificatePEM: pem.certificate, privateKeyPEM: pem.key)
        }
        let inspected = try PushCertificate(certificatePEM: pem.certificate, privateKeyPEM: pem.key, allowExpired: true)
        #expect(inspected.isExpired(at: Date()))
        let warning = try #require(inspected.expiryWarning(at: Date()))
        #expect(warning.contains("expired 3 days ago"))
        #expect(warning.contains("SAME Apple ID"))
    }

    @Test func warnsWithinThirtyDaysToRenewWithTheSameAppleID() throws {
        let now = Date()
        let pem = try pki.pushCertificatePEM(notValidAfter: now.addingTimeInterval(12 * 86_400 + 3600))
        let push = try PushCertificate(certificatePEM: pem.certificate, privateKeyPEM: pem.key, at: now)

        let warning = try #require(push.expiryWarning(at: now))
        #expect(warning.contains("expires in 12 days"))
        #expect(warning.contains("renew it at Apple's Push Certificates Portal with the SAME Apple ID, or every device must re-enrol"))
        #expect(push.expiryWarning(at: now.addingTimeInterval(-30 * 86_400)) == nil)
        #expect(push.expiryWarning(at: now, within: .seconds(7 * 86_400)) == nil)
    }

    @Test func descriptionNamesTheCertificateButNotTheKey() throws {
        let pem = try pki.pushCertificatePEM()
        let push = try PushCertificate(certificatePEM: pem.certificate, privateKeyPEM: pem.key)

        #expect(push.description.contains(push.topic))
        #expect(!push.description.contains("PRIVATE"))
    }
}

/// The DER inside a one-certificate PEM, to check the fingerprint independently of the code under test.
enum PEMDocumentBytes {
    static func der(of pem: String) -> [UInt8]? {
        let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        return Data(base64Encoded: body).map(Array.init)
    }
}
