import _CryptoExtras
import Crypto
import Foundation
import PKI
import SwiftASN1
import Testing
import X509

@Suite struct CertificateAuthorityTests {
    private func pem(_ certificate: Certificate) throws -> String {
        try certificate.serializeAsPEM().pemString + "\n"
    }

    @Test(.enabled(if: ExternalCommand.opensslRuns, "openssl is not installed"))
    func issuedCertificatesChainToTheCAInOpenSSL() throws {
        let openssl = try #require(ExternalCommand.openssl, "openssl is not installed")
        let ca = try CertificateAuthority.create(commonName: "Palisade Test CA")
        let deviceKey = P256.Signing.PrivateKey()
        let identity = try ca.issue(
            publicKey: Certificate.PublicKey(deviceKey.publicKey),
            subject: try DistinguishedName { CommonName("device 1") }, usage: .deviceIdentity, validity: 86_400 * 365
        )
        let serverKey = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let server = try ca.issue(
            publicKey: Certificate.PublicKey(serverKey.publicKey), subject: try DistinguishedName { CommonName("mdm.example.org") },
            usage: .tlsServer(dnsNames: ["mdm.example.org", "localhost"], ipAddresses: ["127.0.0.1", "::1"]), validity: 86_400
        )
        #expect(ca.issued(identity))
        #expect(ca.issued(server))

        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let directory = scratch.url
        try pem(ca.certificate).write(to: directory.appendingPathComponent("ca.pem"), atomically: true, encoding: .utf8)
        try pem(identity).write(to: directory.appendingPathComponent("identity.pem"), atomically: true, encoding: .utf8)
        try pem(server).write(to: directory.appendingPathComponent("server.pem"), atomically: true, encoding: .utf8)

        let client = try openssl.merged(["verify", "-CAfile", "ca.pem", "-purpose", "sslclient", "identity.pem"], in: directory)
        #expect(client.status == 0, "\(client.output)")
        let tls = try openssl.merged(["verify", "-CAfile", "ca.pem", "-purpose", "sslserver", "server.pem"], in: directory)
        #expect(tls.status == 0, "\(tls.output)")
        let names = try openssl.merged(["x509", "-in", "server.pem", "-noout", "-ext", "subjectAltName"], in: directory)
        #expect(names.output.contains("DNS:mdm.example.org"))
        #expect(names.output.contains("IP Address:127.0.0.1"))
        #expect(names.output.contains("IP Address:0:0:0:0:0:0:0:1"))
        let wrongPurpose = try openssl.merged(["verify", "-CAfile", "ca.pem", "-purpose", "sslserver", "identity.pem"], in: directory)
        #expect(wrongPurpose.status != 0, "a device identity must not pass as a TLS server certificate")
    }

    @Test func aCertificateFromAnotherCAIsNotIssuedByThisOne() throws {
        let ours = try CertificateAuthority.create(commonName: "Ours")
        let theirs = try CertificateAuthority.create(commonName: "Ours")
        let key = P256.Signing.PrivateKey()
        let foreign = try theirs.issue(
            publicKey: Certificate.PublicKey(key.publicKey), subject: try DistinguishedName { CommonName("x") },
            usage: .deviceIdentity, validity: 3600
        )
        #expect(!ours.issued(foreign))
        #expect(throws: CertificateAuthorityError.keyDoesNotMatchCertificate) {
            try CertificateAuthority(certificate: ours.certificate, privateKey: theirs.privateKey)
        }
    }

    @Test(.enabled(if: ExternalCommand.opensslRuns, "openssl is not installed"))
    func theRevocationListIsSignedAndRevokesInOpenSSL() throws {
        let openssl = try #require(ExternalCommand.openssl, "openssl is not installed")
        let ca = try CertificateAuthority.create(commonName: "Palisade Test CA")
        func identity() throws -> Certificate {
            try ca.issue(
                publicKey: Certificate.PublicKey(P256.Signing.PrivateKey().publicKey),
                subject: try DistinguishedName { CommonName("device") }, usage: .deviceIdentity, validity: 86_400
            )
        }
        let revoked = try identity()
        let good = try identity()
        let crl = try CertificateRevocationList.make(
            by: ca, revoked: [RevokedCertificate(serialNumber: revoked.serialNumber, revokedAt: Date(), reason: .keyCompromise)],
            number: 7, thisUpdate: Date(), nextUpdate: Date().addingTimeInterval(86_400)
        )
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let directory = scratch.url
        try pem(ca.certificate).write(to: directory.appendingPathComponent("ca.pem"), atomically: true, encoding: .utf8)
        try pem(revoked).write(to: directory.appendingPathComponent("revoked.pem"), atomically: true, encoding: .utf8)
        try pem(good).write(to: directory.appendingPathComponent("good.pem"), atomically: true, encoding: .utf8)
        try Data(crl).write(to: directory.appendingPathComponent("ca.crl"))
        #expect(try openssl.merged(["crl", "-inform", "DER", "-in", "ca.crl", "-out", "crl.pem"], in: directory).status == 0)

        let check = try openssl.merged(["crl", "-in", "crl.pem", "-CAfile", "ca.pem", "-noout", "-text"], in: directory)
        #expect(check.output.contains("verify OK"), "\(check.output)")
        #expect(check.output.contains("Key Compromise"))
        #expect(check.output.contains("X509v3 CRL Number"))

        let bad = try openssl.merged(["verify", "-crl_check", "-CAfile", "ca.pem", "-CRLfile", "crl.pem", "revoked.pem"], in: directory)
        #expect(bad.status != 0)
        #expect(bad.output.contains("revoked"))
        let fine = try openssl.merged(["verify", "-crl_check", "-CAfile", "ca.pem", "-CRLfile", "crl.pem", "good.pem"], in: directory)
        #expect(fine.status == 0, "\(fine.output)")
    }
}
