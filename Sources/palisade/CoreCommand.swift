import ArgumentParser
import Core
import Foundation

/// `palisade core`: a core for real deployments.
struct CoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "core",
        abstract: "Run a core from a configuration file (see docs/configuration.md).",
        discussion: """
            The file is JSON; PALISADE_* environment variables override its fields (for example \
            PALISADE_DATABASE_URL=postgres://palisade:secret@db.internal/palisade). Without --config, defaults and \
            the environment alone are used. Stop with SIGINT or SIGTERM.
            """
    )

    @Option(name: .long, help: "Path of the JSON configuration file.")
    var config: String?

    @Flag(name: .long, help: "Print the effective configuration (without secrets) and exit.")
    var check = false

    func run() async throws {
        let configuration = try CoreLauncher.configuration(file: config)
        if check {
            Output.line("""
                configuration is valid
                dataDirectory: \(configuration.dataDirectory)
                database: \(configuration.databaseDescription)
                admin: \(configuration.admin.host):\(configuration.admin.port)
                device: \(configuration.device.host):\(configuration.device.port)
                log: \(configuration.logLevel.rawValue), \(configuration.logFormat.rawValue)
                commandRetentionDays: \(configuration.commandRetentionDays)
                """)
            return
        }
        try await CoreLauncher.run(configuration, banner: "Palisade core is up")
    }
}
