import ArgumentParser
import Core
import Foundation
import Logging

/// `palisade up`: the quick start.
struct Up: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the whole system on this machine: SQLite, loopback listeners, a printed admin token.",
        discussion: """
            Creates the data directory on first run (and prints an 'admin token:' line once), or reuses it. \
            Runs an edge and a core in one process, joined by a real relay link on loopback: devices talk to the \
            edge on --device-port, and the core listens on no device port. Listens on 127.0.0.1 only. Stop it with \
            Ctrl-C (SIGINT) or SIGTERM.
            """
    )

    @Option(name: .long, help: "Where the database and keys live.")
    var dataDir: String = "./palisade-data"

    @Option(name: .long, help: "Port of the admin API (0 picks a free one).")
    var adminPort: Int = CoreConfiguration.defaultAdminPort

    @Option(name: .long, help: "Port devices connect to (0 picks a free one).")
    var devicePort: Int = CoreConfiguration.defaultDevicePort

    @Flag(name: .long, help: "Serve the admin API over TLS with a certificate from Palisade's CA (written to <data-dir>/palisade-ca.pem; give it to the CLI with --ca-file). Off by default: up listens on loopback only.")
    var adminTLS = false

    func validate() throws {
        guard (0...65535).contains(adminPort), (0...65535).contains(devicePort) else {
            throw ValidationError("ports must be 0 to 65535")
        }
    }

    func run() async throws {
        // The environment may still adjust what a quick start leaves open (APNs stand-in, log level); the
        // flags decide where it lives and listens, and listening stays on loopback.
        var configuration = try CoreLauncher.configuration(file: nil, source: "environment")
        configuration.dataDirectory = dataDir
        configuration.admin = .init(host: "127.0.0.1", port: adminPort)
        configuration.device = .init(host: "127.0.0.1", port: devicePort)
        configuration.adminTLS = adminTLS ? .standard : .off
        try await CoreLauncher.run(configuration, banner: "Palisade is up (data in \(dataDir))", localEdge: true)
    }
}
