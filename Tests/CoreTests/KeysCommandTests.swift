import Core
import Foundation
import PalisadeCore
import Simulator
import Testing

extension LiveSystemTests {
    /// `palisade keys rotate` and `keys status` as an administrator runs them on a core's host: a real process against
    /// the data directory of a core that holds every kind of sealed secret and keeps serving while they run.
    @Suite struct KeysCommandTests {
        func palisade(_ arguments: [String]) throws -> (Int32, String) {
            try PalisadeUpTests.runToCompletion(arguments)
        }

        /// The number a `keys rotate` report line gives for `item`.
        func count(of item: SealedItem, in output: String) -> Int? {
            output.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(item.rawValue + " ") }
                .flatMap { $0.split(separator: " ").last }.flatMap { Int($0) }
        }

        func bootstrapToken(of device: SimulatedAppleDevice) async throws -> Data? {
            let get = try PropertyListSerialization.data(
                fromPropertyList: ["MessageType": "GetBootstrapToken", "UDID": device.hardware.udid], format: .xml, options: 0
            )
            let reply = try await device.sendRaw(get, to: .checkin, signatureHeader: try await device.signatureHeader(for: get))
            guard reply.status == 200 else { throw LiveCoreError("GetBootstrapToken answered \(reply.status)") }
            let plist = try PropertyListSerialization.propertyList(from: reply.body, format: nil) as? [String: Any]
            return plist?["BootstrapToken"] as? Data
        }

        func enrol(_ index: Int, into core: LiveCore) async throws -> (SimulatedAppleDevice, SimulatorTransport) {
            let profile = try await SimulatorTransport.fetchProfile(try await core.invitationURL())
            let transport = try SimulatorTransport(trusting: [try #require(try EnrollmentProfileContents(profile).trustedCertificate)])
            let device = SimulatedAppleDevice(hardware: SimulatedHardware.make(index: index))
            try await device.enroll(profile: profile, transport: transport)
            return (device, transport)
        }

        @Test func rotatingUnderARunningCoreReSealsEverySecretWhichTheCoreStillOpensAndOpensAfterARestart() async throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("palisade-keys-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let config = directory.appendingPathComponent("core.json").path
            try #"{ "dataDirectory": "\#(directory.path)" }"#.write(toFile: config, atomically: true, encoding: .utf8)

            // A core with a CA, profile signer, device TLS identity and push certificate; an enrolled device with
            // unlock and bootstrap tokens; its spent invitation and one still open.
            let core = try await LiveCore.start(initialCommands: [], dataDirectory: directory)
            let (device, transport) = try await enrol(710, into: core)
            let bootstrap = Data((0..<32).map { UInt8($0) })
            let set = try PropertyListSerialization.data(fromPropertyList: [
                "MessageType": "SetBootstrapToken", "UDID": device.hardware.udid, "BootstrapToken": bootstrap,
            ], format: .xml, options: 0)
            #expect(try await device.sendRaw(set, to: .checkin, signatureHeader: try await device.signatureHeader(for: set)).status == 200)
            _ = try await core.invitationURL()
            #expect(try await core.storage.appleEnrollment(device.hardware.udid)?.sealedUnlockToken != nil)

            let (status, output) = try palisade(["keys", "rotate", "--config", config])
            #expect(status == 0, "\(output)")
            let newKey = try #require(output.split(separator: "\n").first { $0.hasPrefix("new key-encryption key: ") }?.split(separator: " ")[3])
            let oldKey = try #require(output.split(separator: "\n").first { $0.hasPrefix("retired key: ") }?.split(separator: " ")[2])
            #expect(count(of: .keyMaterial, in: output) == 4, "CA, profile signer, device TLS, push certificate")
            #expect(count(of: .invitationChallenge, in: output) == 2)
            #expect(count(of: .unlockToken, in: output) == 1)
            #expect(count(of: .bootstrapToken, in: output) == 1)
            #expect(!output.contains(try String(contentsOf: directory.appendingPathComponent("kek"), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))

            // The running core has never seen the new key: it reads it from disk on meeting the re-sealed token.
            #expect(try await bootstrapToken(of: device) == bootstrap)
            let (_, secondTransport) = try await enrol(711, into: core)

            let (statusCode, statusText) = try palisade(["keys", "status", "--config", config])
            #expect(statusCode == 0, "\(statusText)")
            #expect(statusText.contains("current key: \(newKey)"))
            let retiredLine = statusText.split(separator: "\n").first { $0.hasPrefix("retired key: \(oldKey) ") }
            #expect(retiredLine?.contains(": 0 sealed values; may be deleted") == true, "everything, including what the core sealed since, is under the new key: \(statusText)")
            let audit = try await core.storage.events(matching: AuditFilter(action: "keys.rotate"), page: PageRequest()).items
            #expect(audit.first?.detail["newKey"] == .string(String(newKey)))
            await transport.shutdown()
            await secondTransport.shutdown()
            await core.stop()

            // Restarted, the core loads its CA and keys under the new key: it serves the admin API and enrols again.
            let restarted = try await LiveCore.start(initialCommands: [], dataDirectory: directory, adminToken: core.token)
            let (listStatus, list) = try await restarted.admin("GET", "/api/devices")
            #expect(listStatus == 200)
            #expect(list["items"]?.arrayValue?.count == 2)
            let (third, thirdTransport) = try await enrol(712, into: restarted)
            #expect(try await bootstrapToken(of: third) == nil)
            await thirdTransport.shutdown()
            await restarted.stop()
        }
    }
}
