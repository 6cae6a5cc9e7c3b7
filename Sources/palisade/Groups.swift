import ArgumentParser
import Foundation
import PalisadeCore

/// `palisade groups …`
struct Groups: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage device groups and their members.",
        subcommands: [List.self, Create.self, Show.self, Rename.self, Delete.self, Members.self, Add.self, Remove.self]
    )

    static let columns = ["id", "name", "description", "createdAt"]

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List groups by name.")
        @OptionGroup var options: ClientOptions
        @Option(help: "Groups per page (1-1000).") var limit: Int?
        @Option(help: "Cursor from the previous page.") var cursor: String?

        func run() async throws {
            let value = try await options.client().send("GET", "/api/groups", query: ["limit": limit.map(String.init), "cursor": cursor])
            options.show(value, columns: Groups.columns)
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a group.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Unique name.") var name: String
        @Option(help: "What the group is for.") var description: String?

        func run() async throws {
            var body: [String: JSONValue] = ["name": .string(name)]
            if let description { body["description"] = .string(description) }
            options.show(try await options.client().send("POST", "/api/groups", body: .object(body)), columns: Groups.columns)
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a group.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Group id.") var id: String

        func run() async throws {
            options.show(try await options.client().send("GET", "/api/groups/\(id)"), columns: Groups.columns)
        }
    }

    struct Rename: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Rename a group or change its description.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Group id.") var id: String
        @Option(help: "New name.") var name: String?
        @Option(help: "New description.") var description: String?

        func run() async throws {
            var body: [String: JSONValue] = [:]
            if let name { body["name"] = .string(name) }
            if let description { body["description"] = .string(description) }
            options.show(try await options.client().send("PATCH", "/api/groups/\(id)", body: .object(body)), columns: Groups.columns)
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a group (its devices stay).")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Group id.") var id: String

        func run() async throws {
            _ = try await options.client().send("DELETE", "/api/groups/\(id)")
            Output.line("deleted group \(id)")
        }
    }

    struct Members: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a group's member device ids.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Group id.") var id: String
        @Option(help: "Members per page (1-1000).") var limit: Int?
        @Option(help: "Cursor from the previous page.") var cursor: String?

        func run() async throws {
            let value = try await options.client().send("GET", "/api/groups/\(id)/members", query: ["limit": limit.map(String.init), "cursor": cursor])
            if options.json {
                options.show(value, columns: [])
                return
            }
            let items = value["items"]?.arrayValue ?? []
            for case .string(let member) in items { Output.line(member) }
            if case .string(let next)? = value.objectValue?["nextCursor"] { Output.line("more: --cursor \(next)") }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add devices to a group (all or none).")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Group id.") var id: String
        @Argument(help: "Device ids.") var devices: [String]

        func run() async throws {
            _ = try await options.client().send("POST", "/api/groups/\(id)/members", body: .object(["deviceIds": .array(devices.map(JSONValue.string))]))
            Output.line("added \(devices.count) device(s) to group \(id)")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a device from a group.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Group id.") var id: String
        @Argument(help: "Device id.") var device: String

        func run() async throws {
            _ = try await options.client().send("DELETE", "/api/groups/\(id)/members/\(device)")
            Output.line("removed device \(device) from group \(id)")
        }
    }
}
