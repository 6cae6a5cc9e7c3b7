import ArgumentParser
import Crypto
import Foundation
import PalisadeCore
import PKI

/// `palisade approvals …`: sensitive commands waiting for approvers.
struct ApprovalsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approvals",
        abstract: "List and show sensitive commands waiting for approvers' signatures.",
        subcommands: [List.self, Show.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List approvals (by default those still waiting).")
        @OptionGroup var options: ClientOptions
        @Flag(help: "Include approved and ended ones.") var all = false
        @Option(help: "Continue from a previous page.") var cursor: String?

        func run() async throws {
            let value = try await options.client().send("GET", "/api/approvals", query: ["state": all ? "all" : "awaiting", "cursor": cursor])
            options.show(value, columns: ["commandId", "requestType", "deviceId", "state", "approvals", "required", "requesterSigned", "expiresAt"])
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one approval: the statement, the payload and who signed.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The command's id.") var id: String

        func run() async throws {
            let value = try await options.client().send("GET", "/api/approvals/\(id)")
            options.show(value, columns: ["commandId", "requestType", "deviceId", "state", "approvals", "required", "requesterSigned", "expiresAt"])
        }
    }
}

/// `palisade approve ID…`: shows each statement and signs it on this machine with the administrator's key.
struct Approve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sign sensitive commands' approvals with your own key (the requester signs too).",
        discussion: """
            The statement is rebuilt here from its fields and shown; where the server shows the exact command bytes, \
            their SHA-256 is checked against the statement before anything is signed. The private key never leaves \
            this machine: only the signature is sent.
            """
    )
    @OptionGroup var options: ClientOptions
    @Option(help: "Your private signing key (PEM, from palisade admin keygen).") var key: String
    @Flag(help: "Sign without asking.") var yes = false
    @Argument(help: "The commands' ids.") var ids: [String]

    func run() async throws {
        let signer = try SigningKeyFile(path: key)
        let client = try options.client()
        for id in ids {
            let value = try await client.send("GET", "/api/approvals/\(id)")
            let statement = try ApprovalCheck.statement(in: value, id: id)
            Output.line(ApprovalCheck.describe(statement, value: value))
            guard yes || Prompt.confirm("Sign this approval with \(signer.fingerprint)?") else {
                Output.line("not signed")
                continue
            }
            let signature = try signer.sign(statement)
            let answer = try await client.send("POST", "/api/approvals/\(id)/signatures", body: .object([
                "keyFingerprint": .string(signer.fingerprint), "signature": .string(Data(signature).base64EncodedString()),
            ]))
            Output.line("signed: \(answer["approvals"]?.numberValue.map { String(Int($0)) } ?? "?") of \(answer["required"]?.numberValue.map { String(Int($0)) } ?? "?") approvers, state \(answer["state"]?.stringValue ?? "?")")
        }
    }
}

/// A private signing key read from its file, with the fingerprint the core and edges know it by.
struct SigningKeyFile {
    let pem: String
    let fingerprint: String

    init(path: String) throws {
        guard let pem = try? String(contentsOfFile: path, encoding: .utf8) else { throw CLIError("cannot read \(path)") }
        do {
            fingerprint = AdministratorSigningKey.fingerprint(spki: try AdministratorSigningKey.publicKey(ofPrivateKeyPEM: pem).spki)
        } catch {
            throw CLIError("\(path): \(error)")
        }
        self.pem = pem
    }

    func sign(_ statement: ApprovalStatement) throws -> [UInt8] {
        try ApprovalSignature.sign(statement, privateKeyPEM: pem, fingerprint: fingerprint).signature
    }

    func sign(bytes: [UInt8]) throws -> [UInt8] {
        try AdministratorSigningKey.sign(bytes, privateKeyPEM: pem).signature
    }
}

/// What `palisade approve` checks before signing.
enum ApprovalCheck {
    /// The statement from the server's answer, refused unless it names this command, is unexpired, and (where
    /// the command bytes are shown) hashes to them.
    static func statement(in value: JSONValue, id: String, now: Date = Date()) throws -> ApprovalStatement {
        guard let fields = value["statement"], let statement = try? JSONDecoder().decode(ApprovalStatement.self, from: fields.encoded()) else {
            throw CLIError("the server's answer has no readable statement; not signing")
        }
        guard statement.commandUUID == id.lowercased() else { throw CLIError("the statement is for command \(statement.commandUUID), not \(id); not signing") }
        guard statement.expiresAt > Int64(now.timeIntervalSince1970) else { throw CLIError("the approval for \(id) has expired; not signing") }
        guard statement.canonicalBytes != nil else { throw CLIError("the statement has a line break in a field; not signing") }
        if let wire = value["wirePayload"]?.stringValue {
            guard let bytes = Data(base64Encoded: wire), ApprovalStatement.digest([UInt8](bytes)) == statement.payloadSHA256 else {
                throw CLIError("the command bytes shown do not hash to the statement's payload-sha256; not signing")
            }
        }
        return statement
    }

    static func describe(_ statement: ApprovalStatement, value: JSONValue) -> String {
        var lines = [String(decoding: statement.canonicalBytes ?? [], as: UTF8.self)]
        lines.append("expires: \(Date(timeIntervalSince1970: TimeInterval(statement.expiresAt)))")
        lines.append("device: \(value["deviceId"]?.stringValue ?? "?")")
        if let wire = value["wirePayload"]?.stringValue, let bytes = Data(base64Encoded: wire) {
            lines.append("command as the device will receive it (hash checked):\n" + String(decoding: bytes, as: UTF8.self))
        } else {
            lines.append("payload (the command bytes hold the device's unlock token and are not shown): "
                + String(decoding: (value["payload"] ?? .object([:])).encoded(), as: UTF8.self))
        }
        return lines.joined(separator: "\n")
    }
}

/// `palisade wipe-breaker …`: trips edges reported, and approvers' signed releases.
struct WipeBreakerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wipe-breaker",
        abstract: "List wipe circuit breaker trips and sign their release.",
        subcommands: [List.self, Release.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List trips not yet released.")
        @OptionGroup var options: ClientOptions

        func run() async throws {
            let value = try await options.client().send("GET", "/api/wipe-breaker/trips")
            options.show(value, columns: ["id", "trippedAt", "reportedAt", "releaseExpiresAt", "edge"])
        }
    }

    struct Release: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign the release of one trip; the edge lets wipes through again once enough approvers have."
        )
        @OptionGroup var options: ClientOptions
        @Option(help: "Your private signing key (PEM).") var key: String
        @Flag(help: "Sign without asking.") var yes = false
        @Argument(help: "The trip's id, as 'palisade wipe-breaker list' shows it.") var trip: String

        func run() async throws {
            let signer = try SigningKeyFile(path: key)
            let client = try options.client()
            let trips = try await client.send("GET", "/api/wipe-breaker/trips")
            guard let found = trips["items"]?.arrayValue?.first(where: { $0["id"]?.stringValue == trip }),
                  let trippedAt = found["trippedAt"]?.numberValue, let expiresAt = found["releaseExpiresAt"]?.numberValue
            else { throw CLIError("no open trip \(trip); see palisade wipe-breaker list") }
            let release = WipeBreakerRelease(trippedAt: Int64(trippedAt), expiresAt: Int64(expiresAt), signatures: [])
            Output.line(String(decoding: release.statement, as: UTF8.self))
            guard yes || Prompt.confirm("Sign this release with \(signer.fingerprint)?") else {
                Output.line("not signed")
                return
            }
            let answer = try await client.send("POST", "/api/wipe-breaker/trips/\(trip)/signatures", body: .object([
                "keyFingerprint": .string(signer.fingerprint),
                "signature": .string(Data(try signer.sign(bytes: release.statement)).base64EncodedString()),
            ]))
            Output.line("signed: \(answer["signatures"]?.arrayValue?.count ?? 0) signature(s) so far")
        }
    }
}

/// Asks a yes/no question on the terminal; anything but y or yes is no.
enum Prompt {
    static func confirm(_ question: String) -> Bool {
        Output.line(question + " [y/N] ")
        guard let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() else { return false }
        return answer == "y" || answer == "yes"
    }
}
