import Foundation
import TestSupport

/// Private keys written by the `openssl` command line, so loading is tested against what administrators
/// really have on disk (PKCS#1 `RSA PRIVATE KEY`, SEC1 `EC PRIVATE KEY`, encrypted PKCS#8) rather than
/// only what swift-crypto writes.
enum OpenSSLKeys {
    static var isAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")
    }


    /// For `.enabled(if:)`: these tests run when openssl is there or when this run must have it (and then fail).
    static var runs: Bool { ExternalToolPolicy.runs(present: isAvailable) }

    /// Runs `openssl` with `arguments`, feeding `input`, and returns standard output.
    static func run(_ arguments: [String], input: String? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        let output = Pipe()
        let inputPipe = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = inputPipe
        try process.run()
        if let input { inputPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try inputPipe.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// PKCS#8 `PRIVATE KEY` for a new RSA-2048 key (OpenSSL 3's default output).
    static func rsaPKCS8() throws -> String {
        try run(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"])
    }

    /// The same key as PKCS#1 `RSA PRIVATE KEY`.
    static func rsaPKCS1(from pkcs8: String) throws -> String {
        try run(["rsa", "-traditional"], input: pkcs8)
    }

    /// SEC1 `EC PRIVATE KEY` for a new P-256 key.
    static func ecSEC1() throws -> String {
        try run(["ecparam", "-name", "prime256v1", "-genkey", "-noout"])
    }

    /// The key as password-protected PKCS#8.
    static func encrypted(_ key: String) throws -> String {
        try run(["pkcs8", "-topk8", "-v2", "aes-256-cbc", "-passout", "pass:secret"], input: key)
    }
}
