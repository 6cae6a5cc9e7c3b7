import ArgumentParser
import Foundation
import PalisadeCore
import Storage

/// `palisade bench …`: measurements reported in docs/benchmarks.md.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure Palisade's speed on this machine.",
        subcommands: [Queue.self, Apple.self, Edge.self, Inspect.self, Compliance.self, Load.self]
    )

    struct Compliance: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Patch assessment and compliance verdicts for a whole simulated fleet in one call.",
            discussion: """
                Builds the catalogue shipped with Palisade, generates --devices simulated devices of mixed makers \
                (a tenth under high-threat, a tenth under business-continuity, the rest standard; half already \
                failing for a month), then times FleetCompliance.evaluate over all of them, --rounds times.
                """
        )
        @Option(help: "Simulated devices.") var devices = 100_000
        @Option(help: "Timed evaluations.") var rounds = 5

        func validate() throws {
            guard devices > 0, rounds > 0 else { throw ValidationError("counts must be positive") }
        }

        func run() throws {
            Output.line(try ComplianceBenchmark(devices: devices, rounds: rounds).run())
        }
    }

    struct Apple: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apple device connect round trips per second against a core on SQLite, and per-message costs.",
            discussion: """
                Starts a core in this process (SQLite, TLS device listener on 127.0.0.1), enrols --devices \
                simulated devices through SCEP, then for each round queues one DeviceInformation per device and \
                has every device check in: a signed Idle, the command, its signed Acknowledged, the empty reply.
                """
        )
        @Option(help: "Enrolled simulated devices.") var devices = 1_000
        @Option(help: "Rounds of one command per device.") var rounds = 3
        @Option(help: "Devices connecting at once.") var concurrency = 16
        @Flag(help: "Devices talk to an in-process edge that relays to the core (see 'bench edge').") var throughEdge = false

        func validate() throws {
            guard devices > 0, rounds > 0, concurrency > 0 else { throw ValidationError("counts must be positive") }
        }

        func run() async throws {
            Output.line(try await AppleBenchmark(devices: devices, rounds: rounds, concurrency: concurrency, throughEdge: throughEdge).run())
        }
    }

    struct Edge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The Apple connect benchmark twice in one go, direct to a core and through an edge, as a ratio.",
            discussion: """
                First against the core's own TLS listener, then with devices talking to an edge in the same \
                process (inspection of every request and answer) that relays over a real relay link (mutual TLS, \
                HTTP/2) to a core listening on no device port. Each run has its own fresh database and devices.
                """
        )
        @Option(help: "Enrolled simulated devices per run.") var devices = 1_000
        @Option(help: "Rounds of one command per device.") var rounds = 3
        @Option(help: "Devices connecting at once.") var concurrency = 16

        func validate() throws {
            guard devices > 0, rounds > 0, concurrency > 0 else { throw ValidationError("counts must be positive") }
        }

        func run() async throws {
            let direct = try await AppleBenchmark(devices: devices, rounds: rounds, concurrency: concurrency).measure()
            Output.line(direct.report + "\n")
            let edge = try await AppleBenchmark(devices: devices, rounds: rounds, concurrency: concurrency, throughEdge: true).measure()
            Output.line(edge.report + "\n")
            Output.line("""
                through the edge / direct: \(String(format: "%.2f", edge.roundTripsPerSecond / direct.roundTripsPerSecond)) \
                (\(String(format: "%.0f", edge.roundTripsPerSecond)) vs \(String(format: "%.0f", direct.roundTripsPerSecond)) round trips per second; \
                median latency \(Timings.milliseconds(edge.latency.median)) vs \(Timings.milliseconds(direct.latency.median)))
                """)
            Output.line(try InspectionBenchmark(iterations: 20_000).run())
        }
    }

    struct Queue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Command-queue device sessions per second, with a backlog of finished commands in the table.",
            discussion: """
                Each session is what a device's check-in costs the queue: start the session, take a command, \
                report it acknowledged, take the next, report it, find the queue empty. Runs against a fresh \
                SQLite file, or a PostgreSQL database given by --database (its tables must be empty).
                """
        )

        @Option(help: "Enrolled devices.") var devices = 1_000
        @Option(help: "Finished commands per device left in the table before measuring.") var backlog = 100
        @Option(help: "Devices checking in at once.") var concurrency = 8
        @Option(help: "postgres:// URL; default a temporary SQLite file.") var database: String?

        func validate() throws {
            guard devices > 0, backlog >= 0, concurrency > 0 else { throw ValidationError("counts must be positive") }
        }

        func run() async throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("palisade-bench-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let url = database ?? "sqlite:" + directory.appendingPathComponent("bench.sqlite").path
            let store = try await SQLStorage.open(url: url)
            let report = try await QueueBenchmark(store: store, devices: devices, backlog: backlog, concurrency: concurrency).run()
            await store.close()
            Output.line("backend: \(database == nil ? "SQLite (WAL)" : "PostgreSQL")")
            Output.line(report)
        }
    }
}

extension Bench {
    struct Inspect: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "inspect",
            abstract: "Cost of the edge's inspection per request, on a 1.7 KB signed DeviceInformation result and a signed TokenUpdate."
        )
        @Option(help: "Timed inspections per message.") var iterations = 20_000

        func run() async throws {
            Output.line(try InspectionBenchmark(iterations: iterations).run())
        }
    }
}
