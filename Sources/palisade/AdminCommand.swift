import ArgumentParser
import Foundation
import PalisadeCore
import PKI

/// `palisade admin …`: administrators, and the signing keys that approve sensitive commands.
struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin",
        abstract: "Manage administrators and make their signing keys.",
        subcommands: [Keygen.self, List.self, Create.self, AddKey.self]
    )

    struct Keygen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a signing key pair on this machine; print the public key to register.",
            discussion: """
                Run it on the administrator's own machine: the private key (written to --out, mode 0600) never \
                needs to leave it. Register the printed public key with 'palisade admin add-key' and put it in \
                every edge's configuration.
                """
        )
        @Option(help: "ed25519 or p256.") var algorithm: AdministratorKey.Algorithm = .ed25519
        @Option(help: "Where to write the private key (PEM).") var out: String

        func run() async throws {
            guard !FileManager.default.fileExists(atPath: out) else { throw CLIError("\(out) exists; choose another path or remove it first") }
            let (privatePEM, publicPEM) = AdministratorSigningKey.generate(algorithm)
            guard FileManager.default.createFile(atPath: out, contents: Data(privatePEM.utf8), attributes: [.posixPermissions: 0o600]) else {
                throw CLIError("cannot write \(out)")
            }
            let spki = try AdministratorSigningKey.parsePublicKey(pem: publicPEM).spki
            Output.line(publicPEM + "fingerprint: \(AdministratorSigningKey.fingerprint(spki: spki))")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List administrators, their roles and key counts.")
        @OptionGroup var options: ClientOptions

        func run() async throws {
            let value = try await options.client().send("GET", "/api/administrators")
            options.show(value, columns: ["id", "name", "role", "disabled", "createdAt"])
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an administrator; prints their first token once.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "A unique name.") var name: String
        @Option(help: "viewer, operator, approver or admin.") var role: Role

        func run() async throws {
            let value = try await options.client().send("POST", "/api/administrators", body: .object([
                "name": .string(name), "role": .string(role.rawValue),
            ]))
            if options.json {
                options.show(value, columns: [])
            } else {
                Output.line("administrator \(value["administrator"]?["id"]?.stringValue ?? "?") (\(role.rawValue))\ntoken: \(value["token"]?.stringValue ?? "?")\n(shown once)")
            }
        }
    }

    struct AddKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add-key", abstract: "Register an administrator's public signing key.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The administrator's id.") var administrator: String
        @Argument(help: "The public key file 'palisade admin keygen' printed (PEM).") var publicKey: String

        func run() async throws {
            guard let pem = try? String(contentsOfFile: publicKey, encoding: .utf8) else { throw CLIError("cannot read \(publicKey)") }
            let value = try await options.client().send("POST", "/api/administrators/\(administrator)/keys", body: .object(["publicKey": .string(pem)]))
            options.show(value, columns: ["id", "algorithm", "fingerprint", "createdAt"])
        }
    }
}

extension AdministratorKey.Algorithm: ExpressibleByArgument {}
extension Role: ExpressibleByArgument {}
