import _CryptoExtras
import Core
import Foundation
import PKI
import Simulator
import SwiftASN1
import Testing
import X509

extension LiveSystemTests {
/// What the device endpoints refuse: forged, tampered, unsigned and swapped identities get 403; hostile or
/// malformed bodies get 400 (or 413) before any decoder recurses into them. Never 401: Apple devices unenrol on it.
@Suite struct AppleDeviceRefusalTests {
    static func plist(_ object: [String: Any]) throws -> Data {
        try PropertyListSerialization.data(fromPropertyList: object, format: .xml, options: 0)
    }

    static func idle(_ udid: String) throws -> Data { try plist(["Status": "Idle", "UDID": udid]) }

    /// A signature by a key this server never certified.
    static func strangerSignature(over body: Data) throws -> String {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let name = try DistinguishedName { CommonName("stranger") }
        let certificate = try SCEPClient.selfSignedCertificate(key: key, subject: name)
        let signer = try CMSSigner(certificate: certificate, privateKey: Certificate.PrivateKey(key))
        return Data(try CMSSignedData.sign([UInt8](body), signer: signer, detached: true)).base64EncodedString()
    }

    static let deepPlist: Data = {
        let depth = 10_000
        var text = #"<?xml version="1.0" encoding="UTF-8"?><plist version="1.0"><dict><key>UDID</key><string>x</string><key>Status</key>"#
        text += String(repeating: "<array>", count: depth) + String(repeating: "</array>", count: depth)
        text += "</dict></plist>"
        return Data(text.utf8)
    }()

    static func hostileBodies() throws -> [(String, Data)] {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("AppleMDMTests/Fixtures/xml-attacks")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0 != "LICENSE" }.sorted()
        var bodies = try files.map { ($0, try Data(contentsOf: folder.appendingPathComponent($0))) }
        bodies.append(("10,000-deep nested plist", deepPlist))
        bodies.append(("binary plist", try PropertyListSerialization.data(fromPropertyList: ["Status": "Idle"], format: .binary, options: 0)))
        bodies.append(("truncated plist", Data(#"<?xml version="1.0"?><plist version="1.0"><dict><key>Status</key><str"#.utf8)))
        bodies.append(("empty body", Data()))
        return bodies
    }

    @Test func forgedTamperedUnsignedAndSwappedIdentitiesAreRefusedWith403() async throws {
        let core = try await LiveCore.start(initialCommands: [])
        let fleet = SimulatedFleet(standIn: core.standIn)
        await fleet.enroll(count: 2, concurrency: 2) { _ in try await core.invitationURL() }
        let devices = await fleet.devices
        try #require(devices.count == 2)
        let (alice, bob) = (devices[0], devices[1])
        let aliceIdle = try Self.idle(alice.hardware.udid)

        // Genuine: 200.
        #expect(try await alice.sendRaw(aliceIdle, to: .connect, signatureHeader: try await alice.signatureHeader(for: aliceIdle)).status == 200)
        // Unsigned.
        #expect(try await alice.sendRaw(aliceIdle, to: .connect, signatureHeader: nil).status == 403)
        // Signed by a key the server never certified.
        #expect(try await alice.sendRaw(aliceIdle, to: .connect, signatureHeader: try Self.strangerSignature(over: aliceIdle)).status == 403)
        // A valid signature over another body.
        let tampered = try Self.plist(["Status": "Idle", "UDID": alice.hardware.udid, "Extra": "changed"])
        #expect(try await alice.sendRaw(tampered, to: .connect, signatureHeader: try await alice.signatureHeader(for: aliceIdle)).status == 403)
        // Garbage in the header.
        #expect(try await alice.sendRaw(aliceIdle, to: .connect, signatureHeader: "bm90IGEgc2lnbmF0dXJl").status == 403)
        // Bob's genuine identity speaking for Alice's enrolment, on both endpoints.
        #expect(try await bob.sendRaw(aliceIdle, to: .connect, signatureHeader: try await bob.signatureHeader(for: aliceIdle)).status == 403)
        let tokenUpdate = try Self.plist([
            "MessageType": "TokenUpdate", "UDID": alice.hardware.udid, "Topic": "com.apple.mgmt.External.x",
            "Token": Data([1, 2, 3]), "PushMagic": "stolen",
        ])
        #expect(try await bob.sendRaw(tokenUpdate, to: .checkin, signatureHeader: try await bob.signatureHeader(for: tokenUpdate)).status == 403)
        // An Authenticate by Bob's older certificate cannot take over Alice's live enrolment.
        let takeover = try Self.plist(["MessageType": "Authenticate", "UDID": alice.hardware.udid, "Topic": "com.apple.mgmt.External.x"])
        #expect(try await bob.sendRaw(takeover, to: .checkin, signatureHeader: try await bob.signatureHeader(for: takeover)).status == 403)
        // Alice's push coordinates were not touched.
        let stored = try #require(try await core.storage.appleEnrollment(alice.hardware.udid))
        #expect(stored.pushMagic == alice.pushMagic)

        await fleet.shutdown()
        await core.stop()
    }

    @Test func hostileAndMalformedBodiesAreRefusedWith400OnBothEndpoints() async throws {
        let core = try await LiveCore.start(initialCommands: [])
        let fleet = SimulatedFleet(standIn: core.standIn)
        await fleet.enroll(count: 1, concurrency: 1) { _ in try await core.invitationURL() }
        let device = try #require(await fleet.devices.first)
        for (name, body) in try Self.hostileBodies() {
            for endpoint in [SimulatedAppleDevice.Endpoint.checkin, .connect] {
                // Signed by the genuine device, so that only the body can be the reason for refusal.
                let signature = try await device.signatureHeader(for: body)
                let reply = try await device.sendRaw(body, to: endpoint, signatureHeader: signature)
                #expect(reply.status == 400, "\(name) to \(endpoint): \(reply.status)")
            }
        }
        let huge = Data(repeating: UInt8(ascii: "a"), count: 2 << 20)
        #expect(try await device.sendRaw(huge, to: .connect, signatureHeader: nil).status == 413)
        // The device is still managed afterwards: nothing it sent broke its enrolment.
        #expect(try await device.sendRaw(try Self.idle(device.hardware.udid), to: .connect,
                                          signatureHeader: try await device.signatureHeader(for: try Self.idle(device.hardware.udid))).status == 200)
        await fleet.shutdown()
        await core.stop()
    }

    @Test(.enabled(if: ExternalTool.runs("/usr/bin/openssl"), "openssl is not installed: apt-get install openssl (.ci/run does)"))
    func aRevokedIdentityIsRefusedAndListedInTheRevocationList() async throws {
        try #require(ExternalTool.available("/usr/bin/openssl"), "openssl is not installed")
        let core = try await LiveCore.start(initialCommands: [])
        let fleet = SimulatedFleet(standIn: core.standIn)
        await fleet.enroll(count: 1, concurrency: 1) { _ in try await core.invitationURL() }
        let device = try #require(await fleet.devices.first)
        let id = try #require(try await core.storage.device(hardwareID: device.hardware.udid)).id
        let idle = try Self.idle(device.hardware.udid)
        #expect(try await device.sendRaw(idle, to: .connect, signatureHeader: try await device.signatureHeader(for: idle)).status == 200)

        let (status, revoked) = try await core.admin("POST", "/api/devices/\(id)/identity/revoke", .object(["reason": .string("keyCompromise")]))
        #expect(status == 200)
        let serial = try #require(revoked["revoked"]?.arrayValue?.first?.stringValue)
        #expect(try await device.sendRaw(idle, to: .connect, signatureHeader: try await device.signatureHeader(for: idle)).status == 403)

        let directory = try ExternalTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let crl = try await SimulatorTransport.fetchProfile(core.deviceURL + "/pki/ca.crl")
        let ca = try await SimulatorTransport.fetchProfile(core.deviceURL + "/pki/ca.pem")
        try crl.write(to: directory.appendingPathComponent("ca.crl"))
        try ca.write(to: directory.appendingPathComponent("ca.pem"))
        let text = try ExternalTool.run("/usr/bin/openssl", ["crl", "-inform", "DER", "-in", "ca.crl", "-CAfile", "ca.pem", "-noout", "-text"], in: directory)
        #expect(text.output.contains("verify OK"), "\(text.output)")
        #expect(text.output.uppercased().contains(serial.uppercased()), "\(text.output)")
        #expect(text.output.contains("Key Compromise"))
        await fleet.shutdown()
        await core.stop()
    }
}
}
