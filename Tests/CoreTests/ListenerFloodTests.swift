import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TestSupport

extension LiveSystemTests {
/// One source floods `palisade up`'s device port with idle TCP connections and slowloris requests, from processes
/// of its own (the server's and each client's descriptor limit is 20,000 here): the admin API and the device port
/// must keep answering, and the server's memory must come back down once the flood lets go.
@Suite struct ListenerFloodTests {
    /// Opens connections to 127.0.0.1 and holds them until its standard input closes. `idle COUNT` opens plain TCP
    /// connections that send nothing; `slowloris COUNT` completes TLS and sends a request head a line a second.
    static let attacker = #"""
        import resource, select, socket, ssl, sys, time
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        port, mode, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
        held, failed = [], 0
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        for _ in range(count):
            try:
                s = socket.create_connection(("127.0.0.1", port), timeout=5)
                if mode == "slowloris":
                    s = context.wrap_socket(s)
                    s.sendall(b"GET /pki/ca.pem HTTP/1.1\r\nHost: x\r\n")
                held.append(s)
            except Exception:
                failed += 1
        print("holding", len(held), "failed", failed, flush=True)
        while True:
            ready, _, _ = select.select([sys.stdin], [], [], 1.0)
            if ready and not sys.stdin.read(1):
                break
            if mode == "slowloris":
                for s in held:
                    try:
                        s.sendall(b"X-Drip: 1\r\n")
                    except Exception:
                        pass
        """#

    /// A running attacker process.
    final class Attacker: @unchecked Sendable {
        // Written once in init; `line` reads the pipe from the test only.
        let process = Process()
        let input = Pipe()
        let output = Pipe()

        init(python: String, port: Int, mode: String, count: Int) throws {
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = ["-c", ListenerFloodTests.attacker, String(port), mode, String(count)]
            process.standardInput = input
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
        }

        /// Waits for the "holding" line: every connection attempted.
        func holding() async throws -> String {
            let handle = output.fileHandleForReading
            return try await Self.blocking {
                var text = ""
                while !text.contains("\n") {
                    let data = handle.availableData
                    if data.isEmpty { break }
                    text += String(decoding: data, as: UTF8.self)
                }
                return text
            }
        }

        func release() {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }

        static func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
            try await withCheckedThrowingContinuation { continuation in
                DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
            }
        }
    }

    /// One GET with curl: status and seconds taken (curl's own measure, so the test process's load does not count).
    static func probe(_ curl: String, _ url: String) async throws -> (status: Int, seconds: Double) {
        let text = try await Attacker.blocking {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: curl)
            process.arguments = ["-sk", "-o", "/dev/null", "--max-time", "5", "-w", "%{http_code} %{time_total}", url]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
        let parts = text.split(separator: " ")
        return (Int(parts.first ?? "") ?? 0, Double(parts.last ?? "") ?? 99)
    }

    /// The best of up to five probes: a busy CI machine may be slow once, a starved listener always is.
    static func fastestAnswer(_ curl: String, _ url: String) async throws -> (status: Int, seconds: Double) {
        var best = (status: 0, seconds: 99.0)
        for _ in 0..<5 {
            let answer = try await probe(curl, url)
            if answer.status == 200, answer.seconds < best.seconds { best = answer }
            if best.seconds < 1 { break }
        }
        return best
    }

    static func residentKilobytes(of pid: Int32) -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    @Test func twentyThousandIdleConnectionsAndTwoHundredSlowlorisFromOneSourceLeaveBothPortsAnsweringAndMemoryReturns() async throws {
        guard let python = ExternalToolPolicy.locate("python3"), let curl = ExternalToolPolicy.locate("curl") else {
            let reason = "python3 and curl are needed to flood and probe from other processes (apt-get install python3 curl)"
            if ExternalToolPolicy.isRequired { Issue.record("this run must have them: \(reason)") }
            print("skipped: \(reason)")
            return
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("palisade-flood-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let up = try PalisadeUpTests.Running(dataDirectory: directory)
        defer { up.process.terminate() }
        let adminLine = try await up.line(startingWith: "admin API:")
        let deviceLine = try await up.line(startingWith: "device endpoint:")
        let token = String(try await up.line(startingWith: "admin token:").dropFirst("admin token: ".count))
        let adminURL = try #require(adminLine.split(separator: " ").first { $0.hasPrefix("http://127.0.0.1:") }.map(String.init))
        let deviceURL = try #require(deviceLine.split(separator: " ").first { $0.hasPrefix("https://127.0.0.1:") }.map(String.init))
        let devicePort = try #require(Int(deviceURL.split(separator: ":").last ?? ""))

        // Warm both paths, then take the resting memory.
        #expect(try await Self.fastestAnswer(curl, "\(adminURL)/health").status == 200)
        #expect(try await Self.fastestAnswer(curl, "\(deviceURL)/pki/ca.pem").status == 200)
        let before = Self.residentKilobytes(of: up.process.processIdentifier)

        let slowloris = try Attacker(python: python, port: devicePort, mode: "slowloris", count: 200)
        let idle = try (0..<2).map { _ in try Attacker(python: python, port: devicePort, mode: "idle", count: 10_000) }
        let attackers = [slowloris] + idle
        defer { attackers.forEach { $0.release() } }
        for attacker in attackers {
            let line = try await attacker.holding()
            #expect(line.hasPrefix("holding"), "attacker: \(line)")
        }
        let peak = Self.residentKilobytes(of: up.process.processIdentifier)

        let health = try await Self.fastestAnswer(curl, "\(adminURL)/health")
        #expect(health.status == 200 && health.seconds < 1, "admin /health under flood: \(health)")
        let device = try await Self.fastestAnswer(curl, "\(deviceURL)/pki/ca.pem")
        #expect(device.status == 200 && device.seconds < 1, "device /pki/ca.pem under flood: \(device)")

        var request = URLRequest(url: URL(string: "\(adminURL)/metrics")!)
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let metrics = String(decoding: try await URLSession.shared.data(for: request).0, as: UTF8.self)
        let shed = metrics.split(separator: "\n").first { $0.hasPrefix(#"palisade_listener_connections_shed_total{listener="device",reason="source-cap"}"#) }
        #expect(Double(shed?.split(separator: " ").last ?? "") ?? 0 > 0, "no shedding counted: \(shed ?? "absent")")

        attackers.forEach { $0.release() }
        // Memory comes back near where it was (glibc keeps some freed pages; the trim after a burst returns most).
        let limit = before + max(before / 4, 32 * 1024)
        let returned = try await Polling.until(20) { Self.residentKilobytes(of: up.process.processIdentifier) <= limit }
        let after = Self.residentKilobytes(of: up.process.processIdentifier)
        print("flood RSS: before \(before) kB, peak \(peak) kB, after \(after) kB; probes admin \(health.seconds) s, device \(device.seconds) s")
        #expect(returned, "resident memory \(after) kB did not return near \(before) kB (peak \(peak) kB)")
        #expect(try await Self.fastestAnswer(curl, "\(deviceURL)/pki/ca.pem").status == 200)
    }
}
}
