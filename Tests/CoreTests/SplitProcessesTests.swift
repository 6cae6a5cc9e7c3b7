import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PalisadeCore
import Testing
import TestSupport

extension LiveSystemTests {
    /// The deployment as an operator builds it: keys made and pinned with `palisade relay`, the edge's certificate
    /// issued with `palisade edge certificate`, then `palisade edge` and `palisade core` as separate processes —
    /// the core listening on no device port — serving `palisade sim` devices.
    @Suite struct SplitProcessesTests {
        typealias Running = PalisadeUpTests.Running

        static func palisade(_ arguments: [String]) throws -> (status: Int32, output: String) {
            try PalisadeUpTests.runToCompletion(arguments)
        }

        @Test func anEdgeAndACorePairedByTheirKeysServeDevicesAsSeparateProcesses() async throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("palisade-split-processes-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

            // Pairing, out of band: each side makes its key and is told the other's.
            let edgeKey = try Self.palisade(["relay", "identity", path("edge-relay.pem")])
            let coreKey = try Self.palisade(["relay", "identity", path("data/relay-identity.pem")])
            try #require(edgeKey.status == 0 && coreKey.status == 0)
            try #"{ "dataDirectory": "\#(path("data"))", "admin": { "host": "127.0.0.1", "port": 0 }, "device": { "listen": false } }"#
                .write(toFile: path("core.json"), atomically: true, encoding: .utf8)
            // The core's file names no edge yet (the edge picks its relay port when it starts, below), and a core that
            // listens for devices nowhere is refused; the certificate needs only the CA in the data directory.
            try #"{ "dataDirectory": "\#(path("data"))" }"#.write(toFile: path("ca.json"), atomically: true, encoding: .utf8)
            let certificate = try Self.palisade(["edge", "certificate", "--config", path("ca.json"), "--hostname", "127.0.0.1", "--out-dir", path("edge")])
            #expect(certificate.status == 0, "\(certificate.output)")
            try """
                { "device": { "host": "127.0.0.1", "port": 0, "certificateFile": "\(path("edge/edge-tls.pem"))",
                              "privateKeyFile": "\(path("edge/edge-tls.key"))", "clientCAFile": "\(path("edge/palisade-ca.pem"))" },
                  "relay": { "host": "127.0.0.1", "port": 0, "identityFile": "\(path("edge-relay.pem"))", "coreKeys": [] },
                  "egress": { "enabled": false }, "metrics": { "host": "127.0.0.1", "port": 0 } }
                """.write(toFile: path("edge.json"), atomically: true, encoding: .utf8)
            #expect(try Self.palisade(["relay", "trust-core", "--edge-config", path("edge.json"),
                                       coreKey.output.trimmingCharacters(in: .whitespacesAndNewlines)]).status == 0)
            let unchecked = try Self.palisade(["edge", "--config", path("edge.json"), "--check"])
            #expect(unchecked.output.contains("WARNING: the edge trusts no administrator key"), "\(unchecked.output)")
            // An approver's key, saved from what keygen printed (fingerprint line and all), given to the edge by hand.
            let keygen = try Self.palisade(["admin", "keygen", "--out", path("alice.key")])
            try keygen.output.write(toFile: path("alice.pub"), atomically: true, encoding: .utf8)
            let trusted = try Self.palisade(["edge", "trust-admin", "--edge-config", path("edge.json"), "--id", UUID().uuidString, "--role", "approver",
                                             "--name", "alice", path("alice.pub")])
            #expect(trusted.status == 0, "\(trusted.output)")
            let check = try Self.palisade(["edge", "--config", path("edge.json"), "--check"])
            #expect(check.status == 0 && check.output.contains("1 core key(s)"), "\(check.output)")
            #expect(check.output.contains("approvals: 1 key(s) of 1 administrator(s)"), "\(check.output)")

            let edge = try Running(arguments: ["edge", "--config", path("edge.json")])
            let deviceLine = try await edge.line(startingWith: "device endpoint:")
            let deviceURL = try #require(deviceLine.split(separator: " ").first { $0.hasPrefix("https://") }.map(String.init))
            let metricsLine = try await edge.line(startingWith: "metrics:")
            let metricsURL = try #require(metricsLine.split(separator: " ").first { $0.hasPrefix("http://") }.map { String($0.dropLast("/metrics".count)) })
            // The edge chose its relay port itself (port 0) and said which: that is the address the core is told to dial.
            let relayLine = try await edge.line(startingWith: "relay port:")
            let relayAddress = try #require(relayLine.split(separator: " ").first { $0.hasPrefix("127.0.0.1:") }.map(String.init))
            #expect(try Self.palisade(["relay", "trust-edge", "--core-config", path("core.json"), "--address", relayAddress,
                                       edgeKey.output.trimmingCharacters(in: .whitespacesAndNewlines)]).status == 0)

            let core = try Running(arguments: ["core", "--config", path("core.json")], environment: ["PALISADE_DEVICE_PUBLIC_URL": deviceURL])
            let adminLine = try await core.line(startingWith: "admin API:")
            // The admin API speaks TLS by default, with a certificate from Palisade's CA, which the core writes out.
            let adminURL = try #require(adminLine.split(separator: " ").first { $0.hasPrefix("https://127.0.0.1:") }.map(String.init))
            let caLine = try await core.line(startingWith: "admin API CA:")
            #expect(caLine.contains(path("data/palisade-ca.pem")), "\(caLine)")
            let token = String(try await core.line(startingWith: "admin token:").dropFirst("admin token: ".count))
            let client = ["--url", adminURL, "--token", token, "--ca-file", path("data/palisade-ca.pem")]
            func enrolledDevices() throws -> Int? {
                let listed = try Self.palisade(["devices", "list", "--state", "enrolled", "--limit", "1", "--json"] + client)
                guard listed.status == 0 else { return nil }
                return try JSONValue.decode(Data(listed.output.utf8))["total"]?.numberValue.map(Int.init)
            }
            #expect(try enrolledDevices() == 0)
            let untrusted = try Self.palisade(["devices", "list", "--url", adminURL, "--token", token])
            #expect(untrusted.status != 0 && untrusted.output.contains("--ca-file"), "without the CA the CLI refuses and says how: \(untrusted.output)")
            let plain = try Self.palisade(["devices", "list", "--url", adminURL.replacingOccurrences(of: "https:", with: "http:"), "--token", token])
            #expect(plain.status != 0, "no plain HTTP on the admin port: \(plain.output)")
            #expect(try await core.line(startingWith: "device endpoint:").contains(deviceURL), "devices are sent to the edge")

                // The core dialled the edge: the edge's health says one core is connected.
            #expect(try await Polling.until(30) { try await PalisadeUpTests.get(metricsURL + "/health").0 == 200 })

            let sim = Process()
            sim.executableURL = try PalisadeUpTests.binary()
            sim.arguments = ["sim", "ios", "--devices", "3"] + client + ["--poll", "1",
                             "--apns-port", "0", "--apns-trust-file", path("apns.pem"), "--duration", "60"]
            sim.standardOutput = FileHandle.nullDevice
            sim.standardError = FileHandle.nullDevice
            try sim.run()
            defer { if sim.isRunning { sim.terminate() } }
            let enrolled = try await Polling.until(60) { try enrolledDevices() == 3 }
            #expect(enrolled)
            sim.terminate()
            #expect(try await core.stop(SIGTERM) == 0)
            // Without its core, the edge says so.
            #expect(try await Polling.until(15) { try await PalisadeUpTests.get(metricsURL + "/health").0 == 503 })
            #expect(try await edge.stop(SIGTERM) == 0)
            #expect(!FileManager.default.fileExists(atPath: path("edge/palisade.sqlite")), "the edge keeps no database")
        }
    }
}
