import _CryptoExtras
import Core
import Foundation
import Simulator
import PKI
import Testing
import X509

extension LiveSystemTests {
/// The enrolment profile and the SCEP endpoint, checked by independent implementations: OpenSSL verifies the
/// profile's CMS signature, micromdm's `scepclient` (Go) enrols against the live SCEP endpoint over TLS.
@Suite struct EnrollmentProfileInteropTests {
    @Test(.enabled(if: ExternalTool.runs("/usr/bin/openssl"), "openssl is not installed: apt-get install openssl (.ci/run does)"))
    func openSSLVerifiesTheSignedProfileAndItSaysWhatAnMDMProfileMust() async throws {
        try #require(ExternalTool.available("/usr/bin/openssl"), "openssl is not installed")
        let core = try await LiveCore.start(initialCommands: [])
        let directory = try ExternalTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = try await core.invitationURL()
        let signed = try await SimulatorTransport.fetchProfile(url)
        let unsigned = try await SimulatorTransport.fetchProfile(url + "?unsigned=1")
        try signed.write(to: directory.appendingPathComponent("profile.mobileconfig"))
        let contents = try EnrollmentProfileContents(signed)
        #expect(contents.signed)
        let ca = try #require(contents.trustedCertificate)
        try (ca.serializeAsPEM().pemString + "\n").write(to: directory.appendingPathComponent("ca.pem"), atomically: true, encoding: .utf8)

        let verify = try ExternalTool.run("/usr/bin/openssl", [
            "cms", "-verify", "-inform", "DER", "-in", "profile.mobileconfig", "-CAfile", "ca.pem", "-purpose", "any", "-out", "content.plist",
        ], in: directory)
        #expect(verify.status == 0, "\(verify.output)")
        #expect(try Data(contentsOf: directory.appendingPathComponent("content.plist")) == unsigned)

        let root = try #require(try PropertyListSerialization.propertyList(from: unsigned, format: nil) as? [String: Any])
        let payloads = try #require(root["PayloadContent"] as? [[String: Any]])
        let mdm = try #require(payloads.first { $0["PayloadType"] as? String == "com.apple.mdm" })
        let scep = try #require(payloads.first { $0["PayloadType"] as? String == "com.apple.security.scep" })
        let scepContent = try #require(scep["PayloadContent"] as? [String: Any])
        #expect(mdm["IdentityCertificateUUID"] as? String == scep["PayloadUUID"] as? String)
        #expect(mdm["ServerURL"] as? String == core.deviceURL + "/mdm/connect")
        #expect(mdm["CheckInURL"] as? String == core.deviceURL + "/mdm/checkin")
        #expect((mdm["Topic"] as? String)?.hasPrefix("com.apple.mgmt.External.") == true)
        #expect(mdm["SignMessage"] as? Bool == true)
        #expect(mdm["CheckOutWhenRemoved"] as? Bool == true)
        #expect(mdm["AccessRights"] as? Int == 8191)
        #expect((mdm["ServerCapabilities"] as? [String])?.contains("com.apple.mdm.per-user-connections") == true)
        #expect(scepContent["URL"] as? String == core.deviceURL + "/scep")
        #expect(scepContent["Keysize"] as? Int == 2048)
        #expect((scepContent["Challenge"] as? String)?.count ?? 0 >= 32)
        #expect(payloads.contains { $0["PayloadType"] as? String == "com.apple.security.root" })
        await core.stop()
    }

    @Test(.enabled(
        if: ExternalTool.runs("/usr/bin/scepclient") && ExternalTool.runs("/usr/bin/openssl"),
        "scepclient or openssl is not installed: apt-get install scep openssl (.ci/run does)"
    ))
    func micromdmsScepclientEnrolsOnceWithAChallengeAndTheCertificateChainsToTheCA() async throws {
        try #require(ExternalTool.available("/usr/bin/scepclient"), "scepclient (Debian package scep) is not installed")
        try #require(ExternalTool.available("/usr/bin/openssl"), "openssl is not installed")
        let core = try await LiveCore.start(initialCommands: [])
        let directory = try ExternalTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = try await core.invitationURL()
        let contents = try EnrollmentProfileContents(try await SimulatorTransport.fetchProfile(url))
        try (try #require(contents.trustedCertificate).serializeAsPEM().pemString + "\n")
            .write(to: directory.appendingPathComponent("ca.pem"), atomically: true, encoding: .utf8)
        let trust = ["SSL_CERT_FILE": directory.appendingPathComponent("ca.pem").path]

        let first = try ExternalTool.run("/usr/bin/scepclient", [
            "-server-url", contents.scepURL, "-challenge", contents.challenge, "-cn", "scepclient device",
            "-private-key", "key.pem", "-certificate", "cert.pem",
        ], in: directory, environment: trust)
        #expect(first.output.contains("SUCCESS"), "\(first.output)")
        let chain = try ExternalTool.run("/usr/bin/openssl", ["verify", "-CAfile", "ca.pem", "-purpose", "sslclient", "cert.pem"], in: directory)
        #expect(chain.status == 0, "\(chain.output)")

        let again = try ExternalTool.run("/usr/bin/scepclient", [
            "-server-url", contents.scepURL, "-challenge", contents.challenge, "-cn", "second try",
            "-private-key", "key2.pem", "-certificate", "cert2.pem",
        ], in: directory, environment: trust)
        #expect(again.output.contains("badRequest"), "\(again.output)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("cert2.pem").path))
        // The spent invitation's link no longer serves a profile.
        await #expect(throws: (any Error).self) { _ = try await SimulatorTransport.fetchProfile(url) }
        await core.stop()
    }

    @Test func aPKIOperationByGETWithTheMessageInALongQueryIsAnsweredLikeAPOST() async throws {
        let core = try await LiveCore.start(initialCommands: [])
        let contents = try EnrollmentProfileContents(try await SimulatorTransport.fetchProfile(try await core.invitationURL()))
        let ca = try #require(contents.trustedCertificate)
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let subject = try DistinguishedName { CommonName("get client") }
        let client = try SCEPClient(
            caCertificate: ca, signerCertificate: try SCEPClient.selfSignedCertificate(key: key, subject: subject), signerKey: key,
            contentEncryption: .desEDE3CBC, digest: .sha1
        )
        let request = try client.request(try SCEPClient.certificateSigningRequest(
            subject: subject, key: Certificate.PrivateKey(key), challengePassword: contents.challenge
        ))
        let message = Data(request.message).base64EncodedString()
            .addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        #expect(message.count > 3_000)
        let reply = try await SimulatorTransport.fetchProfile(contents.scepURL + "?operation=PKIOperation&message=" + message)
        guard case .issued(let certificate) = try client.reply(to: request, certRep: [UInt8](reply)) else {
            Issue.record("no certificate issued")
            await core.stop()
            return
        }
        #expect(certificate.issuer == ca.subject)
        await core.stop()
    }
}
}
