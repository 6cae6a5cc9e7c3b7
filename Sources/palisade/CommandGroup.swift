import ArgumentParser
import Foundation
import PalisadeCore

/// `palisade command …`
struct CommandGroup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "command",
        abstract: "Send, list, show and cancel device commands.",
        subcommands: [Send.self, List.self, Show.self, Cancel.self]
    )

    static let columns = ["id", "deviceId", "requestType", "state", "createdAt", "completedAt"]

    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Queue a command for one device or every member of a group.",
            discussion: "Example: palisade command send --device 6f1c… --type DeviceLock --payload '{\"Message\":\"Call IT\"}'"
        )
        @OptionGroup var options: ClientOptions
        @Option(help: "Target device id.") var device: String?
        @Option(help: "Target group id (one command per member).") var group: String?
        @Option(name: .customLong("type"), help: "Request type, such as DeviceInformation or DeviceLock.") var requestType: String
        @Option(help: "Request parameters as a JSON object.") var payload: String?
        @Option(help: "Give up on the command after this many seconds undelivered.") var expiresIn: Int?

        func validate() throws {
            guard (device == nil) != (group == nil) else { throw ValidationError("give exactly one of --device or --group") }
            if let expiresIn, expiresIn <= 0 { throw ValidationError("--expires-in must be positive") }
        }

        func run() async throws {
            var body: [String: JSONValue] = ["requestType": .string(requestType)]
            if let device { body["deviceId"] = .string(device) }
            if let group { body["groupId"] = .string(group) }
            if let payload {
                guard let parsed = try? JSONValue.decode(Data(payload.utf8)), parsed.objectValue != nil else {
                    throw ValidationError("--payload must be a JSON object")
                }
                body["payload"] = parsed
            }
            if let expiresIn {
                body["expiresAt"] = .string(Date().addingTimeInterval(TimeInterval(expiresIn)).formatted(.iso8601))
            }
            let value = try await options.client().send("POST", "/api/commands", body: .object(body))
            if options.json {
                options.show(value, columns: [])
                return
            }
            let commands = value["commands"]?.arrayValue ?? []
            Output.line(Table.render(rows: commands, columns: CommandGroup.columns))
            if case .number(let skipped)? = value.objectValue?["skipped"], skipped > 0 {
                Output.line("skipped \(Int(skipped)) unenrolled group member(s)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List commands, newest first.")
        @OptionGroup var options: ClientOptions
        @Option(help: "Only this device's commands.") var device: String?
        @Option(help: "awaitingApproval, queued, sent, acknowledged, error, notNow, cancelled or expired.") var state: String?
        @Option(name: .customLong("type"), help: "Only this request type.") var requestType: String?
        @Option(help: "Commands per page (1-1000).") var limit: Int?
        @Option(help: "Cursor from the previous page.") var cursor: String?

        func run() async throws {
            let value = try await options.client().send("GET", "/api/commands", query: [
                "device": device, "state": state, "requestType": requestType, "limit": limit.map(String.init), "cursor": cursor,
            ])
            options.show(value, columns: CommandGroup.columns)
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a command with the device's result.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Command id.") var id: String

        func run() async throws {
            let value = try await options.client().send("GET", "/api/commands/\(id)")
            Output.line(String(decoding: value.encodedPretty(), as: UTF8.self))
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a command the device has not answered yet.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Command id.") var id: String

        func run() async throws {
            let value = try await options.client().send("POST", "/api/commands/\(id)/cancel")
            options.show(value, columns: CommandGroup.columns)
        }
    }
}
