import Foundation
import TestSupport

/// Runs an independent implementation (openssl, python3) found on PATH, with binary-safe output.
struct ExternalCommand {
    struct Outcome {
        let status: Int32
        let standardOutput: [UInt8]
        let standardError: String
        var succeeded: Bool { status == 0 }
        var text: String { String(decoding: standardOutput, as: UTF8.self) }
        var diagnostic: String { "exit \(status): \(standardError)" }
    }

    let executable: URL

    /// The named tool from PATH, or nil when it is not installed.
    static func find(_ name: String) -> ExternalCommand? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        let candidates = path.split(separator: ":").map { "\($0)/\(name)" } + ["/usr/bin/\(name)", "/root/.pyenv/shims/\(name)"]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return nil }
        return ExternalCommand(executable: URL(fileURLWithPath: found))
    }

    static let openssl = find("openssl")
    static let python = find("python3")


    /// For `.enabled(if:)`: OpenSSL's tests run when it is there or when this run must have it (and then fail).
    static let opensslRuns = ExternalToolPolicy.runs(present: openssl != nil)
    /// The same for Python with `cryptography` and `pyasn1`.
    static var pythonRuns: Bool { ExternalToolPolicy.runs(present: pythonHasCryptography) }

    /// Whether Python has the `cryptography` (and, if asked, `pyasn1`) packages.
    static let pythonHasCryptography: Bool = {
        guard let python else { return false }
        return (try? python.run(["-c", "import cryptography, pyasn1"]))?.succeeded ?? false
    }()

    @discardableResult
    func run(_ arguments: [String], in directory: URL? = nil, input: [UInt8]? = nil) throws -> Outcome {
        // Files rather than pipes for the child's output: a pipe that nobody drains can block the child.
        let capture = try ScratchDirectory()
        defer { capture.remove() }
        try capture.write("stdin", input ?? [])
        try capture.write("stdout", [UInt8]())
        try capture.write("stderr", [UInt8]())
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        process.standardInput = try FileHandle(forReadingFrom: capture.url.appendingPathComponent("stdin"))
        process.standardOutput = try FileHandle(forWritingTo: capture.url.appendingPathComponent("stdout"))
        process.standardError = try FileHandle(forWritingTo: capture.url.appendingPathComponent("stderr"))
        try process.run()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus,
            standardOutput: try capture.read("stdout"),
            standardError: String(decoding: try capture.read("stderr"), as: UTF8.self)
        )
    }
}

extension ExternalCommand {
    /// Runs the tool and returns its status with standard output and error together (OpenSSL reports
    /// verification on standard error).
    func merged(_ arguments: [String], in directory: URL) throws -> (status: Int32, output: String) {
        let outcome = try run(arguments, in: directory)
        return (outcome.status, outcome.text + outcome.standardError)
    }
}
