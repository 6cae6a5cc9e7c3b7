import AppleMDM
import Core
import Foundation
import Logging
import PalisadeCore
import PKI
import Prometheus
import Relay
import Simulator
import Storage

/// Apple device traffic against a real in-process core (SQLite, TLS device listener on loopback): connect
/// round trips of enrolled simulated devices, and the per-message cost of plist decoding and signature checks.
struct AppleBenchmark {
    let devices: Int
    let rounds: Int
    let concurrency: Int
    /// Devices talk to an in-process edge (inspection both ways) that relays to a core listening on no device
    /// port, over a real relay link, instead of to the core's own listener.
    var throughEdge = false

    /// What one run measured.
    struct Result {
        var roundTripsPerSecond: Double
        var latency: (median: Duration, p99: Duration)
        var report: String
    }

    func run() async throws -> String { try await measure().report }

    func measure() async throws -> Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("palisade-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let storage = try await SQLStorage.sqlite(path: directory.appendingPathComponent("bench.sqlite").path)
        let token = try await AdminBootstrap.ensureFirstAdministrator(in: storage, clock: SystemWallClock())!
        var configuration = CoreConfiguration(dataDirectory: directory.path)
        configuration.admin = .init(host: "127.0.0.1", port: 0)
        configuration.device = .init(host: "127.0.0.1", port: 0)
        configuration.initialCommands = []
        var logger = Logger(label: "palisade.bench")
        // Quiet unless asked: a benchmark's own output is its figures.
        logger.logLevel = ProcessInfo.processInfo.environment["PALISADE_BENCH_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .critical
        var edgeTask: Task<Void, any Error>?
        var coreIdentity: RelayIdentity?
        if throughEdge {
            let identity = try RelayIdentity()
            edgeTask = try await LocalEdge.start(&configuration, storage: storage, coreKey: identity.pin, metrics: PrometheusCollectorRegistry(), logger: logger).task
            coreIdentity = identity
        }
        defer { edgeTask?.cancel() }
        let (linked, linkUp) = AsyncStream<Void>.makeStream()
        let server = CoreServer(
            configuration: configuration, storage: storage, pusher: SilentPusher(), relayIdentity: coreIdentity,
            onRelayConnected: { _ in linkUp.yield() }, logger: logger
        )
        let (stream, continuation) = AsyncStream<CoreServer.Addresses>.makeStream()
        let handle = StopHandle()
        let core = Task { try await server.run(handle: handle) { continuation.yield($0) } }
        var iterator = stream.makeAsyncIterator()
        guard let addresses = await iterator.next() else { throw CLIError("the core did not start") }
        let client = AdminClient(baseURL: URL(string: addresses.adminURL)!, token: token)
        if throughEdge {
            // The core dials the edge once it runs: wait for the link rather than count its setup as failures.
            var links = linked.makeAsyncIterator()
            _ = await links.next()
        }

        let fleet = SimulatedFleet(standIn: nil, logger: logger)
        let measured: (enrolTime: Duration, latencies: [Duration], elapsed: Duration, body: Data, decode: (Duration, Duration), guardOnly: (Duration, Duration), verify: (Duration, Duration))
        do {
            let enrolStarted = ContinuousClock.now
            await fleet.enroll(count: devices, concurrency: 8, invitation: { _ in
                try await client.send("POST", "/api/enrollment-invitations", body: .object([:]))["url"]?.stringValue ?? ""
            }, progress: { enrolled, _ in
                if enrolled % 100 == 0 { FileHandle.standardError.write(Data("\renrolled \(enrolled)".utf8)) }
            })
            let enrolTime = ContinuousClock.now - enrolStarted
            let fleetDevices = await fleet.devices
            guard fleetDevices.count == devices else { throw CLIError("only \(fleetDevices.count) of \(devices) devices enrolled: \(await fleet.failures.prefix(3))") }
            var ids: [DeviceID] = []
            for device in fleetDevices {
                guard let stored = try await storage.device(hardwareID: device.hardware.udid) else { throw CLIError("device missing") }
                ids.append(stored.id)
            }

            var latencies: [Duration] = []
            var elapsed = Duration.zero
            for _ in 0..<rounds {
                try await storage.enqueue(ids.map { Command(deviceID: $0, requestType: "DeviceInformation", createdAt: Date()) })
                let started = ContinuousClock.now
                latencies += try await withThrowingTaskGroup(of: [Duration].self) { group in
                    for worker in 0..<concurrency {
                        let mine = stride(from: worker, to: fleetDevices.count, by: concurrency).map { fleetDevices[$0] }
                        group.addTask {
                            var timings: [Duration] = []
                            for device in mine {
                                let began = ContinuousClock.now
                                try await device.checkIn()
                                timings.append(ContinuousClock.now - began)
                            }
                            return timings
                        }
                    }
                    return try await group.reduce(into: []) { $0 += $1 }
                }
                elapsed += ContinuousClock.now - started
            }
            let acknowledged = try await storage.commands(matching: CommandFilter(state: .acknowledged, requestType: "DeviceInformation"), page: PageRequest(limit: 1))
            guard !acknowledged.items.isEmpty else { throw CLIError("no command was acknowledged") }

            // Per-message costs, on a DeviceInformation result as a device sends it.
            let sample = fleetDevices[0]
            let body = try SampleDeviceMessages.deviceInformationResult(udid: sample.hardware.udid)
            let header = try await sample.signatureHeader(for: body)
            let decode = Timings.measure(2_000) { _ = try? CommandResultReport.parse(body) }
            let guardOnly = Timings.measure(2_000) { _ = try? PropertyListGuard().inspect(body) }
            let verify = Timings.measure(2_000) { _ = try? MDMSignature.verify(base64Header: header, body: [UInt8](body)) }
            measured = (enrolTime, latencies, elapsed, body, decode, guardOnly, verify)
        } catch {
            // Shut the devices' HTTP clients down before reporting, whatever failed.
            await fleet.shutdown()
            await handle.stop()
            _ = try? await core.value
            throw error
        }
        let (enrolTime, latencies, elapsed, body, decode, guardOnly, verify) = measured
        await fleet.shutdown()
        await handle.stop()
        _ = try? await core.value

        let latency = Timings.percentiles(latencies)
        let sessions = Double(latencies.count)
        let rate = sessions / Timings.seconds(elapsed)
        let report = """
            path: \(throughEdge ? "device -> edge (TLS, inspection both ways) -> relay link (mutual TLS, HTTP/2) -> core" : "device -> core's own TLS listener")
            devices: \(devices) enrolled in \(String(format: "%.1f", Timings.seconds(enrolTime))) s (SCEP, Authenticate, TokenUpdate, first check-in each)
            connect round trips: \(latencies.count) (signed Idle -> DeviceInformation -> signed Acknowledged with result -> empty reply), \(concurrency) devices at once
            round trips per second: \(String(format: "%.0f", rate))
            round-trip latency: median \(Timings.milliseconds(latency.median)), p99 \(Timings.milliseconds(latency.p99))
            per message (\(body.count) byte DeviceInformation result): guard \(Timings.microseconds(guardOnly.0)) median / \(Timings.microseconds(guardOnly.1)) p99, \
            guard+decode+parse \(Timings.microseconds(decode.0)) median / \(Timings.microseconds(decode.1)) p99, \
            Mdm-Signature verify (RSA 2048, SHA-256) \(Timings.microseconds(verify.0)) median / \(Timings.microseconds(verify.1)) p99
            (the simulated devices share the machine: each round trip also costs them two RSA signatures)
            """
        return Result(roundTripsPerSecond: rate, latency: (latency.median, latency.p99), report: report)
    }
}
