import _CryptoExtras
import Core
import Foundation
import PalisadeCore
import PKI
import Simulator
import Testing
import TestSupport
import X509

extension LiveSystemTests {
/// Requests shaped as independent MDM clients send them, through a real edge to a live core: what the edge once
/// refused although the core serves it.
@Suite struct RealClientShapesThroughEdgeTests {
    /// Go's `url.QueryEscape`: unreserved bytes as they are, space as `+`, everything else `%XX`.
    static func goQueryEscaped(_ bytes: [UInt8]) -> String {
        let unreserved = Set(Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~".utf8))
        return bytes.map { byte in
            if unreserved.contains(byte) { return String(UnicodeScalar(byte)) }
            if byte == 0x20 { return "+" }
            return String(format: "%%%02X", byte)
        }.joined()
    }

    @Test func aGoSCEPClientThatRepeatsTheDERInTheQueryIsIssuedACertificate() async throws {
        let split = try await LiveSplit.start()
        let profile = try EnrollmentProfileContents(try await SimulatorTransport.fetchProfile(try await split.invitationURL()))
        let ca = try #require(profile.trustedCertificate)
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let subject = try DistinguishedName { CommonName(profile.subjectCommonName) }
        let csr = try SCEPClient.certificateSigningRequest(subject: subject, key: Certificate.PrivateKey(key), challengePassword: profile.challenge)
        let scep = try SCEPClient(caCertificate: ca, signerCertificate: try SCEPClient.selfSignedCertificate(key: key, subject: subject), signerKey: key)
        let request = try scep.request(csr)
        // As micromdm's scep library sends it (url.Values, keys sorted): the DER in the body and, percent-encoded
        // binary, in the query.
        let target = profile.scepURL + "?message=\(Self.goQueryEscaped(request.message))&operation=PKIOperation"
        #expect(target.utf8.count > 3 * request.message.count / 2)
        let transport = try split.transport()
        let reply = try await transport.send(.POST, target, body: Data(request.message), headers: [("Content-Type", "application/x-pki-message")])
        #expect(reply.status == 200, "\(String(decoding: reply.body, as: UTF8.self))")
        guard case .issued(let certificate) = try scep.reply(to: request, certRep: [UInt8](reply.body)) else {
            Issue.record("SCEP did not issue a certificate")
            await transport.shutdown()
            await split.stop()
            return
        }
        #expect(certificate.publicKey == Certificate.PrivateKey(key).publicKey)
        await transport.shutdown()
        await split.stop()
    }

    @Test func aDeviceWorkingThrough200QueuedCommandsIsNeverThrottledByTheEdge() async throws {
        let split = try await LiveSplit.start()
        let fleet = SimulatedFleet(standIn: split.standIn)
        await fleet.enroll(count: 1, concurrency: 1) { _ in try await split.invitationURL() }
        let device = try #require(await fleet.devices.first)
        let deviceID = try #require(try await split.storage.device(hardwareID: device.hardware.udid)).id
        // The enrolment's own commands answered first, so that this session is the only one.
        #expect(try await Polling.until(30) {
            try await split.storage.commands(matching: CommandFilter(state: .queued), page: PageRequest(limit: 10)).items.isEmpty
        })
        let before = try await split.storage.commands(matching: CommandFilter(state: .acknowledged), page: PageRequest(limit: 1000)).items.count
        try await split.storage.enqueue((0..<200).map { _ in Command(deviceID: deviceID, requestType: "ProfileList", createdAt: Date()) })
        // One session: Idle, then 200 results in a row, each answering the command the edge just handed it. The
        // simulated device throws on any status but 200, a 429 included.
        try await device.checkIn()
        let all = try await Polling.until(30) {
            try await split.storage.commands(matching: CommandFilter(state: .acknowledged), page: PageRequest(limit: 1000)).items.count - before >= 200
        }
        #expect(all, "a result was refused (429) and the session ended early")
        await fleet.shutdown()
        await split.stop()
    }
}
}
