import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

extension LiveSystemTests {
/// `palisade up` as a user runs it: a real process, real sockets on loopback, real signals.
@Suite struct PalisadeUpTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The built `palisade` binary beside the test bundle.
    static func binary() throws -> URL {
        let candidates = [".build/debug/palisade", ".build/release/palisade"].map { packageRoot.appendingPathComponent($0) }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw TestFailure("palisade binary not built; run 'swift build && swift test' (the README's test command)")
        }
        // `swift test` builds test targets but not executables: refuse to test a binary older than its sources.
        let built = try found.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate ?? .distantPast
        let sources = FileManager.default.enumerator(at: packageRoot.appendingPathComponent("Sources"), includingPropertiesForKeys: [.contentModificationDateKey])
        // Swift files only: every module is linked into the binary, while a resource or a new folder changes no code.
        while let file = sources?.nextObject() as? URL {
            guard file.pathExtension == "swift" else { continue }
            let changed = try file.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate ?? .distantPast
            if changed > built {
                throw TestFailure("\(found.path) is older than \(file.lastPathComponent); run 'swift build && swift test' (the README's test command)")
            }
        }
        return found
    }

    /// Runs a `palisade` command to completion: its exit status and everything it printed.
    static func runToCompletion(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = try binary()
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    struct TestFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// A running `palisade up` and the lines it has printed.
    final class Running: @unchecked Sendable {
        // Lines are appended by the pipe's reader thread and read by the test under `lock`.
        let process = Process()
        private let lock = NSLock()
        private var text = ""

        convenience init(dataDirectory: URL) throws {
            try self.init(arguments: ["up", "--data-dir", dataDirectory.path, "--admin-port", "0", "--device-port", "0"])
        }

        /// Any `palisade` command that keeps running (`up`, `core`, `edge`), with extra environment variables.
        init(arguments: [String], environment: [String: String] = [:]) throws {
            process.executableURL = try PalisadeUpTests.binary()
            process.arguments = arguments
            if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let data = handle.availableData
                guard let self, !data.isEmpty else { return }
                self.lock.withLock { self.text += String(decoding: data, as: UTF8.self) }
            }
            try process.run()
        }

        var output: String { lock.withLock { text } }

        /// Waits until a printed line starts with `prefix` and returns it.
        func line(startingWith prefix: String, within seconds: Double = 60) async throws -> String {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if let line = output.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) { return String(line) }
                guard process.isRunning else { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            throw TestFailure("no line starting '\(prefix)' in: \(output)")
        }

        func stop(_ signal: Int32) async throws -> Int32 {
            kill(process.processIdentifier, signal)
            let deadline = Date().addingTimeInterval(20)
            while process.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
            if process.isRunning {
                process.terminate()
                throw TestFailure("palisade up did not stop on signal \(signal)")
            }
            return process.terminationStatus
        }
    }

    static func get(_ url: String, token: String? = nil) async throws -> (Int, Data) {
        var request = URLRequest(url: URL(string: url)!)
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as! HTTPURLResponse).statusCode, data)
    }

    @Test func upServesTheAdminAPIWithThePrintedTokenAndStopsCleanlyOnSignals() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("palisade-up-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }

        let first = try Running(dataDirectory: directory)
        let adminLine = try await first.line(startingWith: "admin API:")
        let tokenLine = try await first.line(startingWith: "admin token:")
        let adminURL = try #require(adminLine.split(separator: " ").first(where: { $0.hasPrefix("http://127.0.0.1:") }).map(String.init))
        let token = String(tokenLine.dropFirst("admin token: ".count))

        let (healthStatus, health) = try await Self.get("\(adminURL)/health")
        #expect(healthStatus == 200)
        #expect(String(decoding: health, as: UTF8.self).contains("\"ok\""))
        #expect(try await Self.get("\(adminURL)/api/devices").0 == 401)
        let (listStatus, list) = try await Self.get("\(adminURL)/api/devices", token: token)
        #expect(listStatus == 200)
        #expect(String(decoding: list, as: UTF8.self).contains("\"items\":[]"))
        #expect(try await first.stop(SIGTERM) == 0)
        #expect(first.output.contains("palisade stopped"))

        // A second start reuses the data: no new token, and the first one still works.
        let second = try Running(dataDirectory: directory)
        let secondAdmin = try await second.line(startingWith: "admin API:")
        let secondURL = try #require(secondAdmin.split(separator: " ").first(where: { $0.hasPrefix("http://127.0.0.1:") }).map(String.init))
        #expect(try await Self.get("\(secondURL)/api/devices", token: token).0 == 200)
        #expect(!second.output.contains("admin token:"))
        #expect(try await second.stop(SIGINT) == 0)
    }
}
}
