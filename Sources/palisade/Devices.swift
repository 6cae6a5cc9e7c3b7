import ArgumentParser
import Foundation
import PalisadeCore

/// `palisade devices …`
struct Devices: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List, show, register and delete devices.",
        subcommands: [List.self, Show.self, Register.self, Delete.self]
    )

    static let columns = ["id", "platform", "ownership", "name", "model", "osVersion", "enrollmentState", "lastSeenAt", "tags"]

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List devices, filtered and paged.")
        @OptionGroup var options: ClientOptions
        @Option(help: "ios or android.") var platform: String?
        @Option(help: "corporate or personal.") var ownership: String?
        @Option(help: "pending, enrolled or unenrolled.") var state: String?
        @Option(help: "Only devices with this tag.") var tag: String?
        @Option(help: "Only members of this group (id).") var group: String?
        @Option(help: "Only devices not seen since this ISO 8601 date-time.") var lastSeenBefore: String?
        @Option(name: .customLong("search"), help: "Text in name, serial number, IMEI or hardware id.") var search: String?
        @Option(help: "Devices per page (1-1000).") var limit: Int?
        @Option(help: "Cursor from the previous page.") var cursor: String?

        func run() async throws {
            let value = try await options.client().send("GET", "/api/devices", query: [
                "platform": platform, "ownership": ownership, "state": state, "tag": tag, "group": group,
                "lastSeenBefore": lastSeenBefore, "q": search, "limit": limit.map(String.init), "cursor": cursor,
            ])
            options.show(value, columns: Devices.columns)
            if !options.json, case .number(let total)? = value.objectValue?["total"] { Output.line("total: \(Int(total))") }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one device with its groups and enrolments.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Device id.") var id: String

        func run() async throws {
            let value = try await options.client().send("GET", "/api/devices/\(id)")
            if options.json {
                options.show(value, columns: [])
                return
            }
            Output.line(String(decoding: value.encodedPretty(), as: UTF8.self))
        }
    }

    struct Register: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Pre-register a device (for example by serial number) before it enrols.")
        @OptionGroup var options: ClientOptions
        @Option(help: "ios or android.") var platform: String
        @Option(help: "corporate (default) or personal.") var ownership: String?
        @Option(help: "Serial number.") var serial: String?
        @Option(help: "A name for it.") var name: String?
        @Option(help: "A tag (repeatable).") var tag: [String] = []

        func run() async throws {
            var body: [String: JSONValue] = ["platform": .string(platform)]
            if let ownership { body["ownership"] = .string(ownership) }
            if let serial { body["serialNumber"] = .string(serial) }
            if let name { body["name"] = .string(name) }
            if !tag.isEmpty { body["tags"] = .array(tag.map(JSONValue.string)) }
            let value = try await options.client().send("POST", "/api/devices", body: .object(body))
            options.show(value, columns: Devices.columns)
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Forget a device and its pending commands (it is not wiped).")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Device id.") var id: String

        func run() async throws {
            _ = try await options.client().send("DELETE", "/api/devices/\(id)")
            Output.line("deleted device \(id)")
        }
    }
}
