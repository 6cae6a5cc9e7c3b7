import Foundation
import Testing

extension LiveSystemTests {
/// `palisade bench load` as it is meant to run: its own process, against a `palisade up` started separately, with
/// the server's process id to read its CPU from. Figures are checked for shape, never for speed.
@Suite struct PalisadeBenchLoadTests {
    @Test func loadGeneratorCountsConnectsWithoutErrorsAndReportsServerCPUAndOrderedPercentiles() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("palisade-bench-load-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let up = try PalisadeUpTests.Running(dataDirectory: directory)
        defer { if up.process.isRunning { up.process.terminate() } }
        let adminLine = try await up.line(startingWith: "admin API:")
        let tokenLine = try await up.line(startingWith: "admin token:")
        let adminURL = try #require(adminLine.split(separator: " ").first { $0.hasPrefix("http://127.0.0.1:") }.map(String.init))
        let token = String(tokenLine.dropFirst("admin token: ".count))
        let pid = up.process.processIdentifier

        for mode in [[], ["--with-commands"]] {
            let (status, output) = try PalisadeUpTests.runToCompletion([
                "bench", "load", "--admin-url", adminURL, "--token", token, "--devices", "4", "--connections", "2",
                "--rounds", "3", "--warmup-rounds", "1", "--server-pid", "\(pid)",
            ] + mode)
            #expect(status == 0, "\(output)")
            let report = Self.lines(output)

            #expect(report["connects"]?.hasPrefix("12 in ") == true, "\(output)")
            #expect(report["errors"] == "none", "\(output)")
            let serverCPU = try #require(report["server CPU pid \(pid)"], "\(output)")
            let perConnect = try #require(Self.number(before: " ms per connect", in: serverCPU))
            #expect(perConnect > 0, "\(output)")
            #expect(report["generator CPU"]?.hasSuffix("ms per connect") == true, "\(output)")
            let latency = try #require(report["latency"], "\(output)")
            let p50 = try #require(Self.number(after: "p50 ", in: latency))
            let p99 = try #require(Self.number(after: "p99 ", in: latency))
            let max = try #require(Self.number(after: "max ", in: latency))
            #expect(p50 > 0 && p50 <= p99 && p99 <= max, "\(output)")
            #expect(report["reproduce"]?.contains("bench load --admin-url \(adminURL)") == true, "\(output)")
            #expect(report["reproduce"]?.contains(token) == false, "the token is left to the environment: \(output)")
        }
        #expect(try await up.stop(SIGTERM) == 0)
    }

    /// The report's `name: value` lines by name.
    static func lines(_ output: String) -> [String: String] {
        var lines: [String: String] = [:]
        for line in output.split(separator: "\n") {
            guard let colon = line.range(of: ": ") else { continue }
            lines[String(line[..<colon.lowerBound])] = String(line[colon.upperBound...])
        }
        return lines
    }

    static func number(after prefix: String, in text: String) -> Double? {
        guard let start = text.range(of: prefix) else { return nil }
        return Double(text[start.upperBound...].prefix { $0.isNumber || $0 == "." })
    }

    static func number(before suffix: String, in text: String) -> Double? {
        guard let end = text.range(of: suffix) else { return nil }
        return Double(String(text[..<end.lowerBound].reversed().prefix { $0.isNumber || $0 == "." }.reversed()))
    }
}
}
