import Connections
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
            Self.expectRefused(try Self.write(text, in: directory), naming: field, text)
        }
        // Valid JSON, but the files it names are missing: refused when the settings are built, naming the field.
        let path = try Self.write(#"{ "device": { "certificateFile": "/nonexistent", "privateKeyFile": "b" }, "relay": { "identityFile": "/nonexistent", "coreKeys": ["\#(pin)"] }, "egress": { "allow": ["10.0.0.1:443"] } }"#, in: directory)
        #expect(throws: EdgeConfigurationError.self) { try EdgeConfiguration.load(file: path).settings() }
    }
}

extension EdgeConfigurationTests {
    /// A minimal valid file with `approvals` and the device listener's `connections` as given, and the directory it
    /// is in.
    static func file(approvals: String? = nil, connections: String? = nil) throws -> (path: String, directory: URL) {
        let directory = try Self.directory()
        let identityPath = directory.appendingPathComponent("relay.pem").path
        let identity = try RelayIdentity.loadOrCreate(path: identityPath)
        let certificate = try Self.write(try identity.certificate.serializeAsPEM().pemString, in: directory, name: "tls.pem")
        let key = try Self.write(identity.privateKey.pemRepresentation, in: directory, name: "tls.key")
        let path = try Self.write("""
            { "device": { "certificateFile": "\(certificate)", "privateKeyFile": "\(key)"\(connections.map { #", "connections": \#($0)"# } ?? "") },
              "relay": { "identityFile": "\(identityPath)", "coreKeys": ["\(try RelayIdentity().pin)"] }
              \(approvals.map { #", "approvals": \#($0)"# } ?? "") }
            """, in: directory)
        return (path, directory)
    }

    /// Expects the file at `path` refused with a message naming `field`.
    static func expectRefused(_ path: String, naming field: String, _ what: String) {
        do {
            _ = try EdgeConfiguration.load(file: path)
            Issue.record("accepted: \(what)")
        } catch {
            #expect(error.message.contains(field), "\(error.message)")
        }
    }

    static func json(_ text: String) -> String {
        String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
    }

    @Test func theApprovalsSectionBecomesTheGatesKeysPolicyAndBreaker() throws {
        let alice = try TestAdministrator(.approver, .p256)
        let bob = try TestAdministrator(.admin)
        let (path, directory) = try Self.file(approvals: """
            { "administrators": [
                { "id": "\(alice.id)", "name": "alice", "role": "approver", "publicKey": \(Self.json(alice.publicPEM)) },
                { "id": "\(bob.id)", "name": "bob", "role": "admin", "publicKey": \(Self.json(bob.publicPEM)) } ],
              "required": { "EraseDevice": 3, "RestartDevice": 1 },
              "wipeBreaker": { "limit": 5, "windowMinutes": 60, "releaseQuorum": 2 } }
            """)
        defer { try? FileManager.default.removeItem(at: directory) }
        let approvals = try EdgeConfiguration.load(file: path).settings().approvals
        #expect(Set(approvals.trustedKeys) == [alice.key, bob.key])
        #expect(approvals.policy.required(requestType: "EraseDevice") == 3)
        #expect(approvals.policy.required(requestType: "RestartDevice") == 1)
        #expect(approvals.policy.required(requestType: "DeviceLock") == 1, "defaults stay")
        #expect(approvals.wipeLimit == 5 && approvals.wipeWindow == 3600 && approvals.releaseQuorum == 2)
        #expect(approvals.warnings == ["the edge trusts 2 approver(s) but a command needs 3: such commands are always refused"])
    }

    @Test func withoutTheSectionTheGateTrustsNoKeyAndSaysSo() throws {
        let (path, directory) = try Self.file(approvals: nil)
        defer { try? FileManager.default.removeItem(at: directory) }
        let approvals = try EdgeConfiguration.load(file: path).settings().approvals
        #expect(approvals.trustedKeys.isEmpty)
        #expect(approvals.policy.required(requestType: "EraseDevice") == 2)
        #expect(approvals.warnings.first?.contains("refuses every command that needs approval") == true)
    }

    @Test func approvalMistakesAreRefusedNamingTheField() throws {
        let alice = try TestAdministrator(.approver)
        let key = Self.json(alice.publicPEM)
        let cases: [(String, String)] = [
            (#"{ "administrators": [{ "id": "\#(alice.id)", "name": "a", "role": "approver", "publicKey": "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n" }] }"#,
             "approvals.administrators[0].publicKey"),
            (#"{ "administrators": [{ "id": "\#(alice.id)", "name": "a", "role": "approver", "publicKey": \#(key) }, { "id": "\#(UUID())", "name": "b", "role": "approver", "publicKey": \#(key) }] }"#,
             "approvals.administrators[1].publicKey is listed already"),
            (#"{ "administrators": [{ "id": "\#(alice.id)", "name": "a", "role": "viewer", "publicKey": \#(key) }] }"#, "approvals.administrators[0].role"),
            (#"{ "administrators": [{ "id": "alice", "name": "a", "role": "approver", "publicKey": \#(key) }] }"#, "approvals.administrators[0].id"),
            (#"{ "administrators": [{ "id": "\#(alice.id)", "name": "a", "role": "approver", "publicKey": \#(key), "comment": "x" }] }"#, "comment"),
            (#"{ "required": { "EraseDevice": 0 } }"#, "approvals.required.EraseDevice"),
            (#"{ "wipeBreaker": { "limit": 0 } }"#, "approvals.wipeBreaker.limit"),
            (#"{ "wipeBreaker": { "windowMinutes": 0 } }"#, "approvals.wipeBreaker.windowMinutes"),
            (#"{ "wipeBreaker": { "releaseQuorum": 0 } }"#, "approvals.wipeBreaker.releaseQuorum"),
            (#"{ "quorum": 2 }"#, "quorum"),
        ]
        for (approvals, field) in cases {
            let (path, directory) = try Self.file(approvals: approvals)
            defer { try? FileManager.default.removeItem(at: directory) }
            Self.expectRefused(path, naming: field, approvals)
        }
    }
}

extension EdgeConfigurationTests {
    /// A minimal valid file whose device listener has `connections` as given.
    @Test func theDeviceListenersConnectionLimitsComeFromTheFileOverTheDefaults() throws {
        let (path, directory) = try Self.file(connections: #"{ "handshakeTimeoutSeconds": 2.5, "idleTimeoutSeconds": 60, "maximumConnections": 5000, "maximumConnectionsPerSource": 50 }"#)
        defer { try? FileManager.default.removeItem(at: directory) }
        let limits = try EdgeConfiguration.load(file: path).settings().deviceConnections
        #expect(limits.handshakeTimeout == .milliseconds(2500))
        #expect(limits.idleTimeout == .seconds(60))
        #expect(limits.maximumConnections == 5000)
        #expect(limits.maximumConnectionsPerSource == 50)
        // Untouched fields keep their defaults.
        #expect(limits.headerTimeout == .seconds(10) && limits.bodyTimeout == .seconds(30))

        let defaults = ConnectionLimits.device(maximumBodyBytes: 1 << 20)
        #expect(defaults.maximumConnections == DescriptorBudget.current.limit - DescriptorBudget.current.reserve)
        #expect(defaults.maximumConnectionsPerSource == 1000)
    }

    @Test func connectionLimitMistakesAreRefusedNamingTheField() throws {
        let budget = DescriptorBudget.current.deviceConnections
        let cases: [(String, String)] = [
            (#"{ "headerTimeoutSeconds": 0 }"#, "headerTimeoutSeconds"),
            (#"{ "maximumConnections": \#(budget + 1) }"#, "maximumConnections"),
            (#"{ "maximumConnectionsPerSource": 0 }"#, "maximumConnectionsPerSource"),
            (#"{ "idleTimeout": 5 }"#, "idleTimeout"),
        ]
        for (connections, field) in cases {
            let (path, directory) = try Self.file(connections: connections)
            defer { try? FileManager.default.removeItem(at: directory) }
            Self.expectRefused(path, naming: field, connections)
        }
    }
}
