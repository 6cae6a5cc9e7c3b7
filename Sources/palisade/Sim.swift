import ArgumentParser
import Foundation
import Logging
import PalisadeCore
import Simulator

/// `palisade sim …`: simulated devices for tests, demos and benchmarks.
struct Sim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run simulated devices against a Palisade core.",
        subcommands: [IOS.self]
    )

    struct IOS: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ios",
            abstract: "Simulated iPhones and iPads: enrol through invitations, SCEP and signed check-ins, then answer commands.",
            discussion: """
                Each device gets its own invitation from the admin API (--url, --token), fetches its profile, \
                gets its identity through SCEP, and checks in. Pushes reach the devices through an APNs stand-in \
                this command runs on 127.0.0.1:--apns-port; start the core with PALISADE_APNS_ENDPOINT and \
                PALISADE_APNS_TRUST_ROOTS as printed (or use --poll to have devices check in on their own). \
                Stop with Ctrl-C.
                """
        )
        @Option(help: "Simulated devices to enrol.") var devices = 10
        @Option(help: "The core's admin API URL (default: $PALISADE_URL).") var url: String?
        /// The flag's name before it matched every other command's `--url`; still read so old scripts keep working.
        @Option(name: .customLong("server"), help: .hidden) var formerURLFlag: String?
        @Option(help: "Admin API token (default: $PALISADE_TOKEN).") var token: String?
        @Option(help: "PEM file of the CA the admin API's certificate chains to (default: $PALISADE_CA_FILE).") var caFile: String?
        @Option(help: "Devices enrolling at once.") var concurrency = 8
        @Option(help: "Port of the APNs stand-in (0: any free port).") var apnsPort = 2197
        @Option(help: "Where to write the stand-in's CA for the core to trust.") var apnsTrustFile = "./palisade-apns-standin.pem"
        @Option(help: "Seconds between check-ins of every device without a push (0: only on push).") var poll = 0
        @Option(help: "Seconds a DeviceLock keeps a device locked (it answers NotNow meanwhile).") var lockSeconds = 5
        @Option(help: "Stop after this many seconds (0: run until Ctrl-C).") var duration = 0

        func run() async throws {
            var options = try ClientOptions.parse([])
            options.url = url ?? formerURLFlag
            options.token = token
            options.caFile = caFile
            let client = try options.client()
            var logger = Logger(label: "palisade.sim")
            logger.logLevel = .warning

            var standInConfiguration = APNsStandIn.Configuration()
            standInConfiguration.port = apnsPort
            let standIn = try APNsStandIn(configuration: standInConfiguration, logger: logger)
            let port = try await standIn.start()
            try (standIn.trustRoot.serializeAsPEM().pemString + "\n").write(toFile: apnsTrustFile, atomically: true, encoding: .utf8)
            // By name: a core behind an edge reaches APNs through the edge's allow-list, which names hosts.
            Output.line("APNs stand-in on https://localhost:\(port); for pushes run the core with:")
            Output.line("  PALISADE_APNS_ENDPOINT=https://localhost:\(port) PALISADE_APNS_TRUST_ROOTS=\(apnsTrustFile)")

            let fleet = SimulatedFleet(standIn: standIn, logger: logger)
            let started = Date()
            await fleet.enroll(count: devices, concurrency: concurrency, lockDuration: .seconds(lockSeconds), invitation: { _ in
                let invitation = try await client.send("POST", "/api/enrollment-invitations", body: .object(["platform": .string("ios")]))
                guard let url = invitation["url"]?.stringValue else { throw CLIError("the admin API returned no invitation") }
                return url
            }, progress: { enrolled, failed in
                FileHandle.standardOutput.write(Data("\renrolled \(enrolled)/\(devices)\(failed > 0 ? ", failed \(failed)" : "")   ".utf8))
            })
            Output.line("")
            let failures = await fleet.failures
            for failure in failures.prefix(5) { Output.line("failed: \(failure)") }
            Output.line(String(format: "%d devices enrolled in %.1f s", await fleet.devices.count, Date().timeIntervalSince(started)))

            let deadline = duration > 0 ? Date().addingTimeInterval(TimeInterval(duration)) : Date.distantFuture
            var lastReport = ""
            while Date() < deadline, !Task.isCancelled {
                if poll > 0 {
                    await fleet.checkInAll()
                    try? await Task.sleep(for: .seconds(poll))
                } else {
                    try? await Task.sleep(for: .seconds(1))
                }
                var answered: [String: Int] = [:]
                var notNow = 0
                for device in await fleet.devices {
                    for (type, count) in await device.commandsAnswered { answered[type, default: 0] += count }
                    notNow += await device.notNowAnswered
                }
                let report = answered.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                    + (notNow > 0 ? ", NotNow \(notNow)" : "")
                if report != lastReport {
                    Output.line("answered: \(report)")
                    lastReport = report
                }
            }
            await fleet.shutdown()
            await standIn.stop()
        }
    }
}
