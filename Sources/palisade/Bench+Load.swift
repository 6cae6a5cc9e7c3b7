import ArgumentParser
import Foundation

extension Bench {
    struct Load: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A load generator in its own process: device connects per second, latency and server CPU per connect.",
            discussion: """
                Against a server started separately (such as 'palisade up' in another terminal). Enrols --devices \
                simulated iPhones and iPads through Palisade's real path (an invitation from the admin API each, \
                profile, SCEP, Authenticate, TokenUpdate), signs each one's Idle once, then runs --rounds rounds in \
                which every device connects once, --connections at a time over keep-alive HTTP/1.1 connections over \
                TLS. With --with-commands, each round first queues one command per device through the admin API and \
                the device answers it with an Acknowledged result, also signed before the round. Warm-up rounds are \
                not timed. The CPU of each --server-pid (from /proc/PID/stat) and of the generator (getrusage) is \
                read around the timed rounds only. Signed messages stay valid for the server's freshness window \
                (the edge's default is 5 minutes), and the edge limits each device to a burst of 60 unanswered \
                requests and 1 a second after that: keep the rounds within it or see 429s among the errors.
                --target sends the connects to another device URL (a proxy, another edge); enrolment is always \
                Palisade's, through the admin API, so another MDM server can only be measured through such a proxy \
                in front of a Palisade that enrolled the devices.
                """
        )
        @Option(help: "The admin API URL (default: $PALISADE_URL, else http://127.0.0.1:8440).") var adminURL: String?
        @Option(help: "Admin API token (default: $PALISADE_TOKEN).") var token: String?
        @Option(help: "PEM file of the CA the admin API's certificate chains to (default: $PALISADE_CA_FILE).") var caFile: String?
        @Option(help: "Simulated devices to enrol.") var devices = 100
        @Option(help: "Keep-alive connections, each with one device connect at a time.") var connections = 16
        @Option(help: "Timed rounds: every device connects once a round.") var rounds = 5
        @Option(help: "Rounds before the timed ones, to open connections and warm the server.") var warmupRounds = 1
        @Flag(help: "Queue one command per device per round and answer it with a signed Acknowledged result.") var withCommands = false
        @Option(help: "The command queued with --with-commands.") var commandType = "DeviceInformation"
        @Option(help: "Device URL the connects go to (default: the ServerURL of the devices' enrolment profile).") var target: String?
        @Option(help: "PEM file of a CA the --target's certificate chains to, besides Palisade's.") var targetCAFile: String?
        @Option(name: .customLong("server-pid"), help: "A server process whose CPU to report per connect (repeatable).") var serverPIDs: [Int32] = []

        func validate() throws {
            guard devices > 0, connections > 0, rounds > 0, warmupRounds >= 0 else { throw ValidationError("counts must be positive") }
            if let target {
                guard let url = URL(string: target), url.scheme == "https" || url.scheme == "http" else {
                    throw ValidationError("--target must be an http(s) URL")
                }
            }
        }

        func run() async throws {
            // The admin API as every client command reaches it (flags, else PALISADE_URL, _TOKEN and _CA_FILE).
            var options = try ClientOptions.parse([])
            (options.url, options.token, options.caFile) = (adminURL, token, caFile)
            let admin = try options.client()
            let settings = LoadBenchmark.Settings(
                devices: devices, connections: connections, rounds: rounds, warmupRounds: warmupRounds,
                commandType: withCommands ? commandType : nil, target: target, targetCAFile: targetCAFile, serverPIDs: serverPIDs
            )
            let benchmark = LoadBenchmark(
                admin: admin, settings: settings, commandLine: reproduction(adminURL: admin.baseURL.absoluteString, caFile: admin.caFile)
            )
            let report = try await benchmark.run()
            Output.line(report.text)
        }

        /// The command that repeats this run, with the token left to the environment and the server's process ids
        /// as placeholders when there were any (they change from start to start).
        private func reproduction(adminURL: String, caFile: String?) -> String {
            var words = [CommandLine.arguments.first ?? "palisade", "bench", "load", "--admin-url", adminURL, "--token", "\"$PALISADE_TOKEN\""]
            if let caFile { words += ["--ca-file", caFile] }
            words += ["--devices", "\(devices)", "--connections", "\(connections)", "--rounds", "\(rounds)", "--warmup-rounds", "\(warmupRounds)"]
            if withCommands { words += ["--with-commands", "--command-type", commandType] }
            if let target { words += ["--target", target] }
            if let targetCAFile { words += ["--target-ca-file", targetCAFile] }
            for _ in serverPIDs { words += ["--server-pid", "PID"] }
            return words.joined(separator: " ")
        }
    }
}
