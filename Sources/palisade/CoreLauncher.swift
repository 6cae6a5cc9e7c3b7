import Core
import Edge
import Foundation
import Logging
import PalisadeCore
import Prometheus
import Relay
import Storage

/// Starts a core from a configuration and runs it until SIGINT or SIGTERM: shared by `up` and `core`. With
/// `localEdge`, an edge runs in the same process and faces devices on the configured device port, joined to the
/// core by a real relay link on loopback (fresh keys, pinned both ways); the core itself listens on no device port.
enum CoreLauncher {
    /// A core's configuration from `file` (or defaults) and the environment, with problems as a CLI error.
    static func configuration(file: String?, source: String = "configuration") throws -> CoreConfiguration {
        do {
            return try CoreConfiguration.load(file: file)
        } catch let error as ConfigurationError {
            throw CLIError("\(source): \(error.message)")
        }
    }

    /// Opens the configured database for a command that reads or writes it directly, runs `body`, and closes it.
    /// Refuses a SQLite file that is not there rather than create an empty database beside the real one.
    static func withDatabase<T>(_ configuration: CoreConfiguration, _ body: (SQLStorage) async throws -> T) async throws -> T {
        if configuration.databaseURL == nil {
            let path = String(configuration.effectiveDatabaseURL.dropFirst("sqlite:".count))
            guard FileManager.default.fileExists(atPath: path) else {
                throw CLIError("no database at \(path): pass the core's configuration with --config (or start the core once)")
            }
        }
        let storage = try await SQLStorage.open(url: configuration.effectiveDatabaseURL)
        do {
            let value = try await body(storage)
            await storage.close()
            return value
        } catch {
            await storage.close()
            throw error
        }
    }

    static func run(_ configuration: CoreConfiguration, banner: String, localEdge: Bool = false) async throws {
        var configuration = configuration
        JSONLogHandler.bootstrap(format: configuration.logFormat, level: configuration.logLevel)
        let logger = Logger(label: "palisade.core")
        if configuration.databaseURL == nil {
            try FileManager.default.createDirectory(
                atPath: configuration.dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]
            )
        }
        let storage: SQLStorage
        do {
            storage = try await SQLStorage.open(url: configuration.effectiveDatabaseURL)
        } catch {
            throw CLIError("cannot open the database (\(configuration.databaseDescription)): \(error)")
        }
        let firstToken = try await AdminBootstrap.ensureFirstAdministrator(in: storage, clock: SystemWallClock())
        let metrics = PrometheusCollectorRegistry()
        var edgeTask: Task<Void, any Error>?
        var coreIdentity: RelayIdentity?
        var relayLine: String?
        if localEdge {
            let identity = try RelayIdentity()
            let edge = try await LocalEdge.start(&configuration, storage: storage, coreKey: identity.pin, metrics: metrics)
            coreIdentity = identity
            edgeTask = edge.task
            relayLine = "relay link:      core → edge \(edge.relayAddress) (mutual TLS, pinned keys); devices reach only the edge\n"
                + "command gate:    the edge trusts the administrators' keys in this database (one machine, so the separation is nominal)"
        }
        let server = CoreServer(configuration: configuration, storage: storage, metrics: metrics, relayIdentity: coreIdentity, logger: logger)
        defer { edgeTask?.cancel() }
        let (shownRelay, database) = (relayLine, configuration.databaseDescription)
        do {
            try await server.run { addresses in
                var lines = [
                    banner,
                    "admin API:       \(addresses.adminURL)   (health: \(addresses.adminURL)/health)",
                    "device endpoint: \(addresses.deviceURL)   (enrol: palisade enroll ios --invite)",
                    "database:        \(database)",
                ]
                if let shownRelay { lines.insert(shownRelay, at: 3) }
                let trust = addresses.adminCAFile.map { " PALISADE_CA_FILE=\($0)" } ?? ""
                if let file = addresses.adminCAFile { lines.insert("admin API CA:    \(file)   (the CLI trusts it with --ca-file or PALISADE_CA_FILE)", at: 2) }
                if let firstToken {
                    lines.append("admin token: \(firstToken)")
                    lines.append("(shown once: keep it; try 'PALISADE_URL=\(addresses.adminURL)\(trust) PALISADE_TOKEN=<token> palisade devices list')")
                }
                Output.line(lines.joined(separator: "\n"))
            }
        } catch {
            await storage.close()
            throw error
        }
        edgeTask?.cancel()
        _ = try? await edgeTask?.value
        await storage.close()
        Output.line("palisade stopped")
    }
}
