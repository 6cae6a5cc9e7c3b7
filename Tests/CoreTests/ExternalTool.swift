import Foundation
import TestSupport

/// Runs an independent implementation (OpenSSL's command line, micromdm's scepclient) to check Palisade against.
enum ExternalTool {
    struct Result {
        let status: Int32
        let output: String
    }

    static func available(_ path: String) -> Bool { FileManager.default.isExecutableFile(atPath: path) }


    /// For `.enabled(if:)`: a test that needs the tool at `path` runs when the tool is there, or when this run must
    /// have it (and then its own `#require` fails); otherwise Swift Testing skips it and prints the trait's reason.
    static func runs(_ path: String) -> Bool { ExternalToolPolicy.runs(present: available(path)) }

    @discardableResult
    static func run(_ path: String, _ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("palisade-tool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
