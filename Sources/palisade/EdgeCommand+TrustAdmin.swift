import ArgumentParser
import Edge
import Foundation
import PalisadeCore
import PKI

extension EdgeCommand {
    /// `palisade edge trust-admin`: gives an edge its own copy of an administrator's public key, the one the command
    /// gate checks approvals with. Run it on the edge's machine with a key file brought there by hand, not fetched
    /// from a core: the point is that a breached core cannot add a signer.
    struct TrustAdmin: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "trust-admin",
            abstract: "Add an administrator's public signing key to an edge's configuration file (approvals.administrators).",
            discussion: """
                PUBLIC_KEY_FILE is the PUBLIC KEY PEM 'palisade admin keygen' wrote; --id and --role are the \
                administrator's as the core lists them ('palisade admin list'). Restart the edge to take it in.
                """
        )

        @Option(name: .long, help: "The edge's configuration file.")
        var edgeConfig: String

        @Option(name: .long, help: "The administrator's id (a UUID).")
        var id: String

        @Option(name: .long, help: "operator (may request), approver or admin (may request and approve).")
        var role: String

        @Option(name: .long, help: "A name for the log and for people reading the file (default: the id).")
        var name: String?

        @Argument(help: "The administrator's PUBLIC KEY PEM file.")
        var publicKeyFile: String

        func run() async throws {
            guard let text = try? String(contentsOfFile: publicKeyFile, encoding: .utf8) else { throw CLIError("cannot read \(publicKeyFile)") }
            let pem = Self.publicKeyBlock(in: text)
            let administrator = EdgeConfiguration.Administrator(id: id.lowercased(), name: name ?? id.lowercased(), role: role, publicKey: pem)
            // The same checks the edge makes when it loads the file, so a bad entry is refused now, not at restart.
            let spki: [UInt8]
            do {
                spki = try EdgeConfiguration.Approvals(administrators: [administrator]).gateSettings().trustedKeys[0].spki
            } catch {
                throw CLIError(error.message.replacingOccurrences(of: "approvals.administrators[0].publicKey", with: publicKeyFile)
                    .replacingOccurrences(of: "approvals.administrators[0].", with: "--"))
            }
            let entry: JSONValue = .object([
                "id": .string(administrator.id), "name": .string(administrator.name), "role": .string(role), "publicKey": .string(pem),
            ])
            try RelayCommand.edit(edgeConfig) { root in
                var approvals = root["approvals"]?.objectValue ?? [:]
                var administrators = approvals["administrators"]?.arrayValue ?? []
                let listed = administrators.contains {
                    $0["publicKey"]?.stringValue.flatMap { try? AdministratorSigningKey.parsePublicKey(pem: $0).spki } == spki
                }
                guard !listed else { return false }
                administrators.append(entry)
                approvals["administrators"] = .array(administrators)
                root["approvals"] = .object(approvals)
                return true
            }
        }

        /// The `PUBLIC KEY` block alone: `palisade admin keygen` prints a fingerprint line after it, and a file
        /// saved from its output should work as it is.
        static func publicKeyBlock(in text: String) -> String {
            let begin = "-----BEGIN PUBLIC KEY-----", end = "-----END PUBLIC KEY-----"
            guard let start = text.range(of: begin), let stop = text.range(of: end, range: start.upperBound..<text.endIndex) else { return text }
            return String(text[start.lowerBound..<stop.upperBound]) + "\n"
        }
    }
}
