import ArgumentParser
import Foundation
import Core
import PalisadeCore
import Storage

/// `palisade audit …`
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Read the audit log and check its hash chain.", subcommands: [List.self, Verify.self])

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

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the audit log's hash chain; exit 0 when it holds, 1 when it does not.",
            discussion: """
                Every event carries the hash of the one before it. Editing, deleting or reordering any event breaks \
                the chain from there on; cutting events off the end leaves the chain short of the head the database \
                records. An intruder who rewrites both is caught with --expect, a head kept outside the database (an \
                edge's copy, the external sink). With --config the check reads the database directly, trusting no \
                running core; without it, it asks the admin API.
                """
        )
        @OptionGroup var options: ClientOptions
        @Option(help: "A core's configuration file: read its database directly instead of asking the admin API.") var config: String?
        @Option(help: "A head kept outside the database, SEQUENCE:HASH, that the chain must pass through.") var expect: String?

        func run() async throws {
            if let expect, AuditChainHead(expect) == nil { throw CLIError("--expect must be SEQUENCE:HASH (64 lower-case hex digits)") }
            let report: AuditChainReport
            if let config {
                report = try await CoreLauncher.withDatabase(try CoreLauncher.configuration(file: config)) { storage in
                    try await storage.verifyAuditChain(expecting: expect.flatMap(AuditChainHead.init))
                }
            } else {
                let value = try await options.client().send("GET", "/api/audit-events/verify", query: ["expect": expect])
                report = try JSONDecoder().decode(AuditChainReport.self, from: value.encoded())
            }
            if options.json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                Output.line(String(decoding: try encoder.encode(report), as: UTF8.self))
            } else {
                Output.line(Self.describe(report))
            }
            if !report.holds { throw ExitCode(1) }
        }

        static func describe(_ report: AuditChainReport) -> String {
            var lines = [report.holds ? "audit chain holds: \(report.checked) events" : "AUDIT CHAIN BROKEN"]
            if let broken = report.broken { lines.append("first bad event: \(broken.sequence): \(broken.reason)") }
            lines.append("last good event: \(report.head?.description ?? "none")")
            lines.append("head recorded in the database: \(report.recordedHead?.description ?? "none")")
            if report.broken == nil, report.head != report.recordedHead {
                lines.append("the chain ends elsewhere than the recorded head: events were cut off the end, or the record was altered")
            }
            if let expected = report.expected {
                lines.append("expected head \(expected): \(report.expectedFound == true ? "found" : "NOT found: the table was cut short or rewritten")")
            }
            return lines.joined(separator: "\n")
        }
    }
}
