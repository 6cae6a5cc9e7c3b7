import ArgumentParser
import Foundation
import PalisadeCore

/// `palisade audit …`
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Read the audit log.", subcommands: [List.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List audit events, newest first.")
        @OptionGroup var options: ClientOptions
        @Option(help: "An action (device.delete) or a prefix ending in a dot (device.).") var action: String?
        @Option(help: "system, admin:<id> or device:<id>.") var actor: String?
        @Option(help: "What the action was done to, such as device:<id>.") var target: String?
        @Option(help: "ISO 8601 date-time: events at or after it.") var since: String?
        @Option(help: "Events per page (1-1000).") var limit: Int?
        @Option(help: "Cursor from the previous page.") var cursor: String?

        func run() async throws {
            let value = try await options.client().send("GET", "/api/audit-events", query: [
                "action": action, "actor": actor, "target": target, "since": since, "limit": limit.map(String.init), "cursor": cursor,
            ])
            options.show(value, columns: ["sequence", "at", "actor", "action", "target"])
        }
    }
}
