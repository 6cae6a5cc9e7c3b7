import ArgumentParser
import Foundation
import PKI

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
