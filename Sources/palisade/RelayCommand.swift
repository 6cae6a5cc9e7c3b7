import ArgumentParser
import Foundation
import PalisadeCore
import Relay

/// `palisade relay`: pairing cores and edges by their keys, out of band.
struct RelayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relay",
        abstract: "Make relay keys and pin them in configuration files (pairing cores with edges).",
        discussion: """
            Pairing: on each core and each edge run 'palisade relay identity FILE' and carry the printed key to the \
            other side, then 'palisade relay trust-core' on the edge's file and 'palisade relay trust-edge' on the \
            core's. Keys are compared byte for byte in every TLS handshake; no CA is involved.
            """,
        subcommands: [Identity.self, TrustCore.self, TrustEdge.self]
    )

    struct Identity: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the relay key in FILE, making the key (mode 0600) if there is none yet."
        )

        @Argument(help: "The key file (for a core, relay-identity.pem in its data directory unless configured).")
        var file: String

        func run() async throws {
            do {
                Output.line(try RelayIdentity.loadOrCreate(path: file).pin.description)
            } catch {
                throw CLIError(error.description)
            }
        }
    }

    struct TrustCore: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "trust-core", abstract: "Add a core's key to an edge's configuration file (relay.coreKeys)."
        )

        @Option(name: .long, help: "The edge's configuration file.")
        var edgeConfig: String

        @Argument(help: "The key the core printed (sha256:…).")
        var key: String

        func run() async throws {
            let pin = try RelayCommand.pin(key)
            try RelayCommand.edit(edgeConfig) { root in
                var relay = root["relay"]?.objectValue ?? [:]
                var keys = relay["coreKeys"]?.arrayValue ?? []
                guard !keys.contains(.string(pin.description)) else { return false }
                keys.append(.string(pin.description))
                relay["coreKeys"] = .array(keys)
                root["relay"] = .object(relay)
                return true
            }
        }
    }

    struct TrustEdge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "trust-edge", abstract: "Add an edge (address and key) to a core's configuration file (relay.edges)."
        )

        @Option(name: .long, help: "The core's configuration file.")
        var coreConfig: String

        @Option(name: .long, help: "Where the edge's relay port is, host:port.")
        var address: String

        @Argument(help: "The key the edge printed (sha256:…).")
        var key: String

        func run() async throws {
            let pin = try RelayCommand.pin(key)
            do {
                _ = try RelayEdgeAddress(address: address, pin: pin)
            } catch {
                throw CLIError(error.description)
            }
            try RelayCommand.edit(coreConfig) { root in
                var relay = root["relay"]?.objectValue ?? [:]
                var edges = (relay["edges"]?.arrayValue ?? []).filter { $0["address"] != .string(address) }
                edges.append(.object(["address": .string(address), "key": .string(pin.description)]))
                relay["edges"] = .array(edges)
                root["relay"] = .object(relay)
                return true
            }
        }
    }

    static func pin(_ text: String) throws -> RelayKeyPin {
        do {
            return try RelayKeyPin(text)
        } catch {
            throw CLIError(error.description)
        }
    }

    /// Rewrites a JSON configuration file (made if missing) through `change`, which says whether it changed it.
    static func edit(_ path: String, _ change: (inout [String: JSONValue]) throws -> Bool) throws {
        var root: [String: JSONValue] = [:]
        if FileManager.default.fileExists(atPath: path) {
            guard let data = FileManager.default.contents(atPath: path), let object = (try? JSONValue.decode(data))?.objectValue else {
                throw CLIError("\(path) is not a JSON object")
            }
            root = object
        }
        guard try change(&root) else {
            Output.line("\(path) already has that key")
            return
        }
        try JSONValue.object(root).encoded(pretty: true).write(to: URL(fileURLWithPath: path))
        Output.line("updated \(path)")
    }
}
