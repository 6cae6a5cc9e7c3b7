import ArgumentParser
import Core
import Edge
import Foundation
import Logging
import PalisadeCore
import PKI
import Storage

/// `palisade edge`: the internet-facing half of the split proxy.
struct EdgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edge",
        abstract: "Run an edge, or issue its TLS certificate.",
        subcommands: [Run.self, IssueCertificate.self, TrustAdmin.self],
        defaultSubcommand: Run.self
    )

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Run an edge from a configuration file (see docs/configuration.md).",
            discussion: """
                The edge faces devices: it terminates their TLS, inspects every request and answer, and relays what \
                passes to the cores that dialled its relay port. It holds no database, no CA key, no push \
                credential and no admin API, and writes nothing to disk but its log. Stop with SIGINT or SIGTERM.
                """
        )

        @Option(name: .long, help: "Path of the edge's JSON configuration file.")
        var config: String

        @Flag(name: .long, help: "Check the configuration and its files, print a summary, and exit.")
        var check = false

        func run() async throws {
            let file: EdgeConfiguration
            let settings: EdgeSettings
            do {
                file = try EdgeConfiguration.load(file: config)
                settings = try file.settings()
            } catch {
                throw CLIError("configuration: \(error.message)")
            }
            let format = file.log?.format.flatMap(LogFormat.init(rawValue:)) ?? .automatic
            let level = file.log?.level.flatMap(Logger.Level.init(rawValue:)) ?? .info
            if check {
                Output.line("""
                    configuration is valid
                    devices: \(settings.device.host):\(settings.device.port)\(settings.deviceClientCAPEM == nil ? "" : " (client certificates accepted)")
                    relay: \(settings.relay.host):\(settings.relay.port), \(settings.coreKeys.count) core key(s)
                    relay key: \(settings.relayIdentity.pin)
                    egress: \(settings.egress.map { $0.destinations.map(\.description).joined(separator: ", ") } ?? "off")
                    inspection: \(settings.inspection.detectOnly ? "detect-only" : "enforcing"), threshold \(settings.inspection.anomalyThreshold)
                    approvals: \(Self.approvalSummary(settings.approvals))
                    """ + Self.warningLines(settings.approvals))
                return
            }
            JSONLogHandler.bootstrap(format: format, level: level)
            let edge = EdgeServer(settings: settings, logger: Logger(label: "palisade.edge"))
            try await edge.run { addresses in
                Output.line("""
                    Palisade edge is up
                    device endpoint: \(addresses.deviceURL)
                    relay port:      \(addresses.relayAddress)   (key \(settings.relayIdentity.pin))
                    approvals:       \(Self.approvalSummary(settings.approvals))
                    """ + (addresses.metricsURL.map { "\nmetrics:         \($0)/metrics" } ?? "") + Self.warningLines(settings.approvals))
            }
            Output.line("palisade edge stopped")
        }

        static func approvalSummary(_ approvals: CommandGateSettings) -> String {
            let administrators = Set(approvals.trustedKeys.map(\.administrator)).count
            return "\(approvals.trustedKeys.count) key(s) of \(administrators) administrator(s); wipe breaker holds after "
                + "\(approvals.wipeLimit) erases in \(Int(approvals.wipeWindow / 60)) min, released by \(approvals.releaseQuorum) approver(s)"
        }

        static func warningLines(_ approvals: CommandGateSettings) -> String {
            approvals.warnings.map { "\nWARNING: \($0)" }.joined()
        }
    }

    struct IssueCertificate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "certificate",
            abstract: "Issue the edge's device-facing TLS certificate from the core's CA.",
            discussion: """
                Run where the core's database and key-encryption key are (it reads the core's configuration like \
                'palisade core'). Writes edge-tls.pem (certificate and CA), edge-tls.key (mode 0600) and \
                palisade-ca.pem; copy them to the edge and name them in its device section. A certificate from a \
                public CA works as well.
                """
        )

        @Option(name: .long, help: "Path of the core's JSON configuration file.")
        var config: String?

        @Option(name: .long, help: "A name or address devices use for the edge (repeatable).")
        var hostname: [String]

        @Option(name: .long, help: "Directory to write the files into.")
        var outDir: String

        func validate() throws {
            guard !hostname.isEmpty else { throw ValidationError("give at least one --hostname") }
        }

        func run() async throws {
            let configuration = try CoreLauncher.configuration(file: config)
            let storage = try await SQLStorage.open(url: configuration.effectiveDatabaseURL)
            defer { Task { await storage.close() } }
            let keyring = try await CoreServer.loadKeyring(configuration: configuration, storage: storage)
            let identity = try keyring.authority.issueIdentity(
                commonName: hostname[0], usage: .tlsServer(hostnames: hostname), validity: 397 * 86_400
            )
            let directory = URL(fileURLWithPath: outDir)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let caPEM = keyring.authority.identity.certificatePEM
            try (identity.certificatePEM + caPEM).write(to: directory.appendingPathComponent("edge-tls.pem"), atomically: true, encoding: .utf8)
            let keyPath = directory.appendingPathComponent("edge-tls.key").path
            guard FileManager.default.createFile(atPath: keyPath, contents: Data(identity.privateKey.pemRepresentation.utf8), attributes: [.posixPermissions: 0o600]) else {
                throw CLIError("cannot write \(keyPath)")
            }
            try caPEM.write(to: directory.appendingPathComponent("palisade-ca.pem"), atomically: true, encoding: .utf8)
            Output.line("wrote edge-tls.pem, edge-tls.key and palisade-ca.pem to \(outDir) (valid 397 days, for \(hostname.joined(separator: ", ")))")
        }
    }
}
