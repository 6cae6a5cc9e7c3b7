import Edge
import Foundation
import Relay
import Testing

/// The edge's configuration file: strict, complete, and every refusal says what to fix.
@Suite struct EdgeConfigurationTests {
    static func write(_ text: String, in directory: URL, name: String = "edge.json") throws -> String {
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func directory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("palisade-edge-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test func aCompleteFileBecomesSettingsWithItsKeysAndLists() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let identityPath = directory.appendingPathComponent("relay.pem").path
        let identity = try RelayIdentity.loadOrCreate(path: identityPath)
        let core = try RelayIdentity()
        let certificate = try Self.write(try identity.certificate.serializeAsPEM().pemString, in: directory, name: "tls.pem")
        let key = try Self.write(identity.privateKey.pemRepresentation, in: directory, name: "tls.key")
        let path = try Self.write("""
            { "device": { "port": 8443, "certificateFile": "\(certificate)", "privateKeyFile": "\(key)" },
              "relay": { "port": 9000, "identityFile": "\(identityPath)", "coreKeys": ["\(core.pin)"] },
              "egress": { "allow": ["api.push.apple.com:443"] },
              "inspection": { "detectOnly": true, "anomalyThreshold": 4 } }
            """, in: directory)
        let settings = try EdgeConfiguration.load(file: path).settings()
        #expect(settings.device.port == 8443 && settings.device.host == "0.0.0.0")
        #expect(settings.relay.port == 9000)
        #expect(settings.relayIdentity.pin == identity.pin)
        #expect(settings.coreKeys == [core.pin])
        #expect(settings.egress?.destinations.map(\.description) == ["api.push.apple.com:443"])
        #expect(settings.inspection.detectOnly && settings.inspection.anomalyThreshold == 4)
        #expect(settings.deviceClientCAPEM == nil)
    }

    @Test func mistakesAreRefusedNamingTheField() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pin = try RelayIdentity().pin
        let cases: [(String, String)] = [
            (#"{ "device": { "certificateFile": "a", "privateKeyFile": "b", "prot": 1 }, "relay": { "identityFile": "i", "coreKeys": [] } }"#, "prot"),
            (#"{ "device": { "certificateFile": "a", "privateKeyFile": "b" }, "relay": { "identityFile": "i", "coreKeys": [] } }"#, "coreKeys"),
            (#"{ "device": { "certificateFile": "a", "privateKeyFile": "b" }, "relay": { "identityFile": "i", "coreKeys": ["md5:x"] } }"#, "coreKeys"),
            (#"{ "relay": { "identityFile": "i", "coreKeys": ["\#(pin)"] } }"#, "device"),
            (#"{ "device": { "certificateFile": "a", "privateKeyFile": "b", "port": 70000 }, "relay": { "identityFile": "i", "coreKeys": ["\#(pin)"] } }"#, "device.port"),
        ]
        for (text, field) in cases {
            let path = try Self.write(text, in: directory)
            do {
                _ = try EdgeConfiguration.load(file: path)
                Issue.record("accepted: \(text)")
            } catch {
                #expect(error.message.contains(field), "\(error.message)")
            }
        }
        // Valid JSON, but the files it names are missing: refused when the settings are built, naming the field.
        let path = try Self.write(#"{ "device": { "certificateFile": "/nonexistent", "privateKeyFile": "b" }, "relay": { "identityFile": "/nonexistent", "coreKeys": ["\#(pin)"] }, "egress": { "allow": ["10.0.0.1:443"] } }"#, in: directory)
        #expect(throws: EdgeConfigurationError.self) { try EdgeConfiguration.load(file: path).settings() }
    }
}
