import ArgumentParser
import Foundation

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
