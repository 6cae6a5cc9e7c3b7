@testable import Core
import Compliance
import Foundation
import Logging
import PalisadeCore
import Testing

@Suite struct CoreConfigurationTests {
    private func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("palisade-config-\(UUID().uuidString).json").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func withoutAFileTheDefaultsServeTheQuickStart() throws {
        let configuration = try CoreConfiguration.load(file: nil, environment: [:])
        var inCode = CoreConfiguration()
        inCode.adminTLS = .standard
        #expect(configuration == inCode, "the defaults, with the admin API on TLS")
        #expect(configuration.admin.host == "127.0.0.1")
        #expect(configuration.effectiveDatabaseURL.hasPrefix("sqlite:"))
        #expect(configuration.effectiveDatabaseURL.hasSuffix("palisade-data/palisade.sqlite"))
    }

    @Test func theFileSetsFieldsAndTheEnvironmentOverridesThem() throws {
        let path = try write("""
            {"dataDirectory": "/var/lib/palisade", "databaseURL": "postgres://palisade@db.internal/palisade",
             "admin": {"host": "10.0.0.5", "port": 9000}, "device": {"port": 9443},
             "log": {"level": "debug", "format": "json"}, "commandRetentionDays": 90, "maxRequestBodyBytes": 2048}
            """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fromFile = try CoreConfiguration.load(file: path, environment: [:])
        #expect(fromFile.dataDirectory == "/var/lib/palisade")
        #expect(fromFile.effectiveDatabaseURL == "postgres://palisade@db.internal/palisade")
        #expect(fromFile.admin == .init(host: "10.0.0.5", port: 9000))
        #expect(fromFile.device == .init(host: "127.0.0.1", port: 9443))
        #expect(fromFile.logLevel == .debug)
        #expect(fromFile.logFormat == .json)
        #expect(fromFile.commandRetentionDays == 90)
        #expect(fromFile.maximumRequestBodyBytes == 2048)

        let overridden = try CoreConfiguration.load(file: path, environment: [
            "PALISADE_DATABASE_URL": "postgres://palisade:secret@db2.internal/palisade",
            "PALISADE_ADMIN_PORT": "9100", "PALISADE_LOG_LEVEL": "warning", "PALISADE_DEVICE_HOST": "0.0.0.0",
        ])
        #expect(overridden.effectiveDatabaseURL == "postgres://palisade:secret@db2.internal/palisade")
        #expect(overridden.admin == .init(host: "10.0.0.5", port: 9100))
        #expect(overridden.device == .init(host: "0.0.0.0", port: 9443))
        #expect(overridden.logLevel == .warning)
    }

    @Test(arguments: [
        (#"{"dataDirectroy": "/x"}"#, "dataDirectroy"),
        (#"{"admin": {"prot": 1}}"#, "admin.prot"),
        (#"{"admin": {"port": "eighty"}}"#, "admin.port"),
        (#"{"admin": {"port": 70000}}"#, "admin.port"),
        (#"{"log": {"level": "loud"}}"#, "log.level"),
        (#"{"databaseURL": "mysql://x"}"#, "databaseURL"),
        (#"{"commandRetentionDays": 0}"#, "commandRetentionDays"),
        (#"{"device": {"publicURL": "ftp://x"}}"#, "device.publicURL"),
        (#"{"apns": {"endpoint": "http://plain"}}"#, "apns.endpoint"),
        (#"{"enrollment": {"initialCommands": ["Device Information"]}}"#, "enrollment.initialCommands"),
        (#"{"enrollment": {"invitationHours": 3}}"#, "enrollment.invitationHours"),
        ("{not json", "not valid JSON"),
        (#"{"compliance": {"defaultPolicy": "paranoid"}}"#, "compliance.defaultPolicy"),
        (#"{"compliance": {"intervalSeconds": 5}}"#, "compliance.intervalSeconds"),
        (#"{"compliance": {"policies": [{"name": "x", "tier": "standard", "rules": {"maxPatchAge": 3}}]}}"#, "maxPatchAge"),
        (#"{"compliance": {"policies": [{"name": "x", "tier": "relaxed"}]}}"#, "tier"),
    ])
    func aBadFileIsRefusedNamingTheField(_ text: String, _ named: String) throws {
        let path = try write(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = #expect(throws: ConfigurationError.self) { try CoreConfiguration.load(file: path, environment: [:]) }
        #expect(error?.message.contains(named) == true, "\(error?.message ?? "")")
    }

    @Test func aPolicyIsItsTiersDefaultsWithTheGivenFieldsReplaced() throws {
        let path = try write("""
            {"compliance": {"defaultPolicy": "field-crews", "intervalSeconds": 600, "organization": "Example Ministry",
             "policies": [{"name": "field-crews", "tier": "business-continuity", "graceDays": 21,
                           "rules": {"requiredApps": ["com.example.scanner"], "maxDaysSinceCheckIn": 10}}]}}
            """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let compliance = try CoreConfiguration.load(file: path, environment: [:]).compliance
        #expect(compliance.intervalSeconds == 600 && compliance.organization == "Example Ministry")
        let policy = try #require(compliance.resolvedDefault)
        var expected = RiskTier.businessContinuity.defaultPolicy
        expected.name = "field-crews"
        expected.graceDays = 21
        expected.rules.requiredApps = ["com.example.scanner"]
        expected.rules.maxDaysSinceCheckIn = 10
        #expect(policy == expected)
    }

    @Test func theCoreTakesAsManyApproversAsAnEdgeDoesAndNoMore() throws {
        let most = ApprovalPolicy.configurableApprovers.upperBound
        let accepted = try write(#"{"approvals": {"required": {"EraseDevice": \#(most)}}}"#)
        let refused = try write(#"{"approvals": {"required": {"EraseDevice": \#(most + 1)}}}"#)
        defer { for path in [accepted, refused] { try? FileManager.default.removeItem(atPath: path) } }
        #expect(try CoreConfiguration.load(file: accepted, environment: [:]).approvalsRequired["EraseDevice"] == most)
        let error = #expect(throws: ConfigurationError.self) { try CoreConfiguration.load(file: refused, environment: [:]) }
        #expect(error?.message == "approvals.required.EraseDevice must be 1 to \(most)")
        #expect(most == 20, "the edge's documented range (docs/configuration.md) is 1 to 20")
    }

    @Test func theAdminAPISpeaksTLSUnlessTheFileOrTheEnvironmentTurnsItOff() throws {
        #expect(CoreConfiguration().adminTLS == .off, "made in code (tests, palisade up): as asked")
        #expect(try CoreConfiguration.load(file: nil, environment: [:]).adminTLS == .palisadeCA(hostnames: []), "palisade core: on")
        #expect(try CoreConfiguration.load(file: nil, environment: ["PALISADE_ADMIN_TLS": "false"]).adminTLS == .off)
        let cases: [(String, AdminTLS)] = [
            (#"{"admin": {"tls": false}}"#, .off),
            (#"{"admin": {"tls": true, "hostnames": ["mdm-admin.example.org"]}}"#, .palisadeCA(hostnames: ["mdm-admin.example.org"])),
            (#"{"admin": {"certificateFile": "/etc/palisade/admin.pem", "privateKeyFile": "/etc/palisade/admin.key"}}"#,
             .files(certificate: "/etc/palisade/admin.pem", privateKey: "/etc/palisade/admin.key")),
        ]
        for (text, expected) in cases {
            let path = try write(text)
            defer { try? FileManager.default.removeItem(atPath: path) }
            #expect(try CoreConfiguration.load(file: path, environment: [:]).adminTLS == expected, "\(text)")
        }
        for (text, named) in [
            (#"{"admin": {"certificateFile": "/a.pem"}}"#, "admin.certificateFile and admin.privateKeyFile go together"),
            (#"{"admin": {"tls": false, "hostnames": ["x"]}}"#, "admin.hostnames needs admin.tls on"),
            (#"{"device": {"certificateFile": "/a.pem", "privateKeyFile": "/a.key"}}"#, "device.certificateFile"),
        ] {
            let path = try write(text)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let error = #expect(throws: ConfigurationError.self) { try CoreConfiguration.load(file: path, environment: [:]) }
            #expect(error?.message.contains(named) == true, "\(error?.message ?? "")")
        }
    }

    @Test func badEnvironmentValuesAreRefused() {
        #expect(throws: ConfigurationError.self) { try CoreConfiguration.load(file: nil, environment: ["PALISADE_ADMIN_PORT": "x"]) }
        #expect(throws: ConfigurationError.self) { try CoreConfiguration.load(file: nil, environment: ["PALISADE_LOG_FORMAT": "xml"]) }
        #expect(throws: ConfigurationError.self) { try CoreConfiguration.load(file: "/nonexistent/palisade.json", environment: [:]) }
    }

    @Test func everyDocumentedEnvironmentVariableIsRead() throws {
        let base = try CoreConfiguration.load(file: nil, environment: [:])
        let values: [String: String] = [
            "PALISADE_DATA_DIR": "/d", "PALISADE_DATABASE_URL": "sqlite:/d/x.sqlite", "PALISADE_ADMIN_HOST": "::1",
            "PALISADE_ADMIN_PORT": "1", "PALISADE_ADMIN_TLS": "false", "PALISADE_DEVICE_HOST": "0.0.0.0", "PALISADE_DEVICE_PORT": "2",
            "PALISADE_LOG_LEVEL": "error", "PALISADE_LOG_FORMAT": "text", "PALISADE_COMMAND_RETENTION_DAYS": "7",
            "PALISADE_MAX_REQUEST_BODY_BYTES": "4096", "PALISADE_DEVICE_PUBLIC_URL": "https://mdm.example.org",
            "PALISADE_KEK_FILE": "/secrets/kek", "PALISADE_APNS_ENDPOINT": "sandbox", "PALISADE_APNS_TRUST_ROOTS": "/etc/roots.pem",
            "PALISADE_DEVICE_LISTEN": "false", "PALISADE_RELAY_IDENTITY_FILE": "/k/relay.pem",
            "PALISADE_AUDIT_SINK": "syslog+tcp://collector.internal:601", "PALISADE_AUDIT_HEAD_INTERVAL": "15",
            "PALISADE_RELAY_EDGES": "edge.dmz:8444=sha256:\(Data(repeating: 7, count: 32).base64EncodedString())",
        ]
        #expect(Set(values.keys) == Set(CoreConfiguration.environmentVariables.map(\.name)))
        for (name, value) in values {
            // A core that does not listen needs an edge to be reachable at all.
            var environment = [name: value]
            if name == "PALISADE_DEVICE_LISTEN" { environment["PALISADE_RELAY_EDGES"] = values["PALISADE_RELAY_EDGES"] }
            let changed = try CoreConfiguration.load(file: nil, environment: environment)
            #expect(changed != base, "\(name) had no effect")
        }
        let docs = try String(contentsOfFile: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../docs/configuration.md").path, encoding: .utf8)
        for variable in CoreConfiguration.environmentVariables {
            #expect(docs.contains(variable.name), "docs/configuration.md does not document \(variable.name)")
        }
    }
}
