import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PalisadeCore
import Testing
import TestSupport

extension LiveSystemTests {
/// The quick start as a user runs it: `palisade up`, then `palisade sim ios --devices 50` against it, both real
/// processes on loopback. Devices poll here (`--poll 1`); pushes through the stand-in are covered in-process.
@Suite struct PalisadeSimTests {
    @Test func upAndSimEnrolFiftyDevicesThatAnswerInventoryAndASignedLock() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("palisade-sim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let up = try PalisadeUpTests.Running(dataDirectory: directory.appendingPathComponent("data"))
        let adminLine = try await up.line(startingWith: "admin API:")
        let tokenLine = try await up.line(startingWith: "admin token:")
        let adminURL = try #require(adminLine.split(separator: " ").first { $0.hasPrefix("http://127.0.0.1:") }.map(String.init))
        let token = String(tokenLine.dropFirst("admin token: ".count))

        let sim = Process()
        sim.executableURL = try PalisadeUpTests.binary()
        sim.arguments = ["sim", "ios", "--devices", "50", "--url", adminURL, "--token", token, "--poll", "1",
                         "--apns-port", "0", "--apns-trust-file", directory.appendingPathComponent("apns.pem").path, "--duration", "120"]
        sim.standardOutput = FileHandle.nullDevice
        sim.standardError = FileHandle.nullDevice
        try sim.run()
        defer { if sim.isRunning { sim.terminate() } }

        func get(_ path: String) async throws -> JSONValue {
            var request = URLRequest(url: URL(string: adminURL + path)!)
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
            return try JSONValue.decode(try await URLSession.shared.data(for: request).0)
        }
        func palisade(_ arguments: [String]) throws -> String {
            let (status, output) = try PalisadeUpTests.runToCompletion(arguments + ["--url", adminURL, "--token", token])
            guard status == 0 else { throw LiveCoreError("palisade \(arguments.joined(separator: " ")) failed: \(output)") }
            return output
        }

        // Two administrators make signing keys as they would on their own machines and register them, while the fleet
        // enrols: palisade up's edge reads the registered keys (single-box mode) every few seconds.
        let keygen = { (name: String) throws -> (key: String, publicKey: String) in
            let key = directory.appendingPathComponent("\(name).key").path
            let (status, output) = try PalisadeUpTests.runToCompletion(["admin", "keygen", "--out", key])
            guard status == 0 else { throw LiveCoreError("keygen failed: \(output)") }
            let publicKey = directory.appendingPathComponent("\(name).pub").path
            try output.write(toFile: publicKey, atomically: true, encoding: .utf8)
            return (key, publicKey)
        }
        let requesterKey = try keygen("requester")
        let approverKey = try keygen("approver")
        let firstAdministrator = try #require(try await get("/api/administrators")["items"]?.arrayValue?.first?["id"]?.stringValue)
        _ = try palisade(["admin", "add-key", firstAdministrator, requesterKey.publicKey])
        let approverOutput = try palisade(["admin", "create", "alice", "--role", "approver"])
        let approverID = try #require(approverOutput.split(separator: " ").dropFirst().first.map(String.init))
        let approverToken = try #require(approverOutput.split(separator: "\n").first { $0.hasPrefix("token: ") }.map { String($0.dropFirst(7)) })
        _ = try palisade(["admin", "add-key", approverID, approverKey.publicKey])

        #expect(try await Polling.until(120) { try await get("/api/devices?state=enrolled&limit=1")["total"] == .number(50) })
        #expect(try await Polling.until(60) {
            try await get("/api/commands?state=acknowledged&requestType=DeviceInformation&limit=1000")["items"]?.arrayValue?.count == 50
        })
        let device = try #require(try await get("/api/devices?limit=1")["items"]?.arrayValue?.first?["id"]?.stringValue)
        // A lock: held for approval, signed with palisade approve by the requester and the approver, let through by
        // the edge's command gate, acknowledged by the device.
        let sent = try palisade(["command", "send", "--device", device, "--type", "DeviceLock", "--payload", #"{"Message":"Found? Call IT"}"#, "--json"])
        let command = try #require(try JSONValue.decode(Data(sent.utf8))["commands"]?.arrayValue?.first?["id"]?.stringValue)
        #expect(try palisade(["approvals", "list"]).contains(command))
        _ = try palisade(["approve", "--key", requesterKey.key, "--yes", command])
        let (approved, approval) = try PalisadeUpTests.runToCompletion(["approve", "--key", approverKey.key, "--yes", command, "--url", adminURL, "--token", approverToken])
        #expect(approved == 0, "\(approval)")
        #expect(approval.contains("signed: 1 of 1 approvers, state queued"), "\(approval)")
        #expect(try await Polling.until(30) { try await get("/api/commands/\(command)")["state"] == .string("acknowledged") })

        // All of it went device → edge (inspected) → relay link → core: the core has no device port of its own.
        #expect(up.output.contains("relay link:"))
        var metricsRequest = URLRequest(url: URL(string: adminURL + "/metrics")!)
        metricsRequest.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let metrics = String(decoding: try await URLSession.shared.data(for: metricsRequest).0, as: UTF8.self)
        let relayed = metrics.split(separator: "\n").first { $0.hasPrefix("palisade_core_relayed_requests_total ") }
            .flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
        #expect(relayed > 300, "\(relayed) requests relayed")
        #expect(metrics.contains("palisade_edge_inspections_total{"))

        sim.terminate()
        #expect(try await up.stop(SIGTERM) == 0)
    }
}
}
