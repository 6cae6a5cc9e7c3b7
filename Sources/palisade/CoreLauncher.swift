import Core
import Foundation
import Logging
import PalisadeCore
import Storage

/// Starts a core from a configuration and runs it until SIGINT or SIGTERM: shared by `up` and `core`.
enum CoreLauncher {
    static func run(_ configuration: CoreConfiguration, banner: String) async throws {
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
            throw CLIError("cannot open the database (\(configuration.databaseURL == nil ? configuration.effectiveDatabaseURL : "PostgreSQL")): \(error)")
        }
        let firstToken = try await AdminBootstrap.ensureFirstAdministrator(in: storage, clock: SystemWallClock())
        let server = CoreServer(configuration: configuration, storage: storage, logger: logger)
        do {
            try await server.run { addresses in
                var lines = [
                    banner,
                    "admin API:       \(addresses.adminURL)   (health: \(addresses.adminURL)/health)",
                    "device endpoint: \(addresses.deviceURL)   (enrol: palisade enroll ios --invite)",
                    "database:        \(configuration.databaseURL == nil ? configuration.effectiveDatabaseURL : "PostgreSQL")",
                ]
                if let firstToken {
                    lines.append("admin token: \(firstToken)")
                    lines.append("(shown once: keep it; try 'PALISADE_URL=\(addresses.adminURL) PALISADE_TOKEN=<token> palisade devices list')")
                }
                Output.line(lines.joined(separator: "\n"))
            }
        } catch {
            await storage.close()
            throw error
        }
        await storage.close()
        Output.line("palisade stopped")
    }
}
