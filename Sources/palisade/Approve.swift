import ArgumentParser
import Foundation

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
    @Option(help: "Every command of this batch (one group request) still waiting for approval.") var batch: String?
    @Argument(help: "The commands' ids.") var ids: [String] = []

    func validate() throws {
        guard ids.isEmpty != (batch == nil) else { throw ValidationError("give command ids or --batch, not both or neither") }
    }

    func run() async throws {
        let signer = try SigningKeyFile(path: key)
        let client = try options.client()
        var targets = ids
        if let batch {
            let page = try await client.send("GET", "/api/commands", query: ["batch": batch, "state": "awaitingApproval", "limit": "1000"])
            targets = page["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
            Output.line("\(targets.count) command(s) of batch \(batch) wait for approval")
        }
        for id in targets {
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
