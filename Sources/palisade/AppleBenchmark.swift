import AppleMDM
import Core
import Foundation
import Logging
import PalisadeCore
import PKI
import Simulator
import Storage

/// Apple device traffic against a real in-process core (SQLite, TLS device listener on loopback): connect
/// round trips of enrolled simulated devices, and the per-message cost of plist decoding and signature checks.
struct AppleBenchmark {
    let devices: Int
    let rounds: Int
    let concurrency: Int

    func run() async throws -> String {
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
        logger.logLevel = .critical
        let server = CoreServer(configuration: configuration, storage: storage, pusher: SilentPusher(), logger: logger)
        let (stream, continuation) = AsyncStream<CoreServer.Addresses>.makeStream()
        let handle = StopHandle()
        let core = Task { try await server.run(handle: handle) { continuation.yield($0) } }
        var iterator = stream.makeAsyncIterator()
        guard let addresses = await iterator.next() else { throw CLIError("the core did not start") }
        let client = AdminClient(baseURL: URL(string: addresses.adminURL)!, token: token)

        let enrolStarted = ContinuousClock.now
        let fleet = SimulatedFleet(standIn: nil, logger: logger)
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
        let body = try sampleResult(udid: sample.hardware.udid)
        let header = try await sample.signatureHeader(for: body)
        let decode = measure(2_000) { _ = try? CommandResultReport.parse(body) }
        let guardOnly = measure(2_000) { _ = try? PropertyListGuard().inspect(body) }
        let verify = measure(2_000) { _ = try? MDMSignature.verify(base64Header: header, body: [UInt8](body)) }
        await fleet.shutdown()
        await handle.stop()
        _ = try? await core.value

        let sorted = latencies.sorted()
        let sessions = Double(sorted.count)
        return """
            devices: \(devices) enrolled in \(Self.seconds(enrolTime)) s (SCEP, Authenticate, TokenUpdate, first check-in each)
            connect round trips: \(sorted.count) (signed Idle -> DeviceInformation -> signed Acknowledged with result -> empty reply), \(concurrency) devices at once
            round trips per second: \(String(format: "%.0f", sessions / Self.secondsValue(elapsed)))
            round-trip latency: median \(Self.milliseconds(sorted[sorted.count / 2])), p99 \(Self.milliseconds(sorted[min(sorted.count - 1, sorted.count * 99 / 100)]))
            per message (\(body.count) byte DeviceInformation result): guard \(Self.micro(guardOnly.0)) median / \(Self.micro(guardOnly.1)) p99, \
            guard+decode+parse \(Self.micro(decode.0)) median / \(Self.micro(decode.1)) p99, \
            Mdm-Signature verify (RSA 2048, SHA-256) \(Self.micro(verify.0)) median / \(Self.micro(verify.1)) p99
            (the simulated devices share the machine: each round trip also costs them two RSA signatures)
            """
    }

    private func sampleResult(udid: String) throws -> Data {
        let responses: [String: Any] = [
            "UDID": udid, "DeviceName": "iPhone 1", "OSVersion": "18.7.10", "BuildVersion": "22H6374", "ProductName": "iPhone15,2",
            "Model": "MQ9T3B/A", "ModelName": "iPhone", "SerialNumber": "F2LXK1ABCD", "IMEI": "356938035643809", "IsSupervised": true,
            "IsDeviceLocatorServiceEnabled": true, "IsActivationLockEnabled": false, "BatteryLevel": 0.82, "DeviceCapacity": 128.0,
            "AvailableDeviceCapacity": 71.5, "WiFiMAC": "f0:18:98:aa:bb:cc", "BluetoothMAC": "f0:18:98:aa:bb:cd",
            "EASDeviceIdentifier": "EASF2LXK1ABCD", "IsMDMLostModeEnabled": false, "IsMultiUser": false, "TimeZone": "Europe/London",
            "IsRoaming": false, "IsCloudBackupEnabled": false, "ModelNumber": "MQ9T3", "AwaitingConfiguration": false,
        ]
        return try PropertyListSerialization.data(fromPropertyList: [
            "UDID": udid, "Status": "Acknowledged", "CommandUUID": UUID().uuidString, "QueryResponses": responses,
        ], format: .xml, options: 0)
    }

    /// Median and p99 of `iterations` timed runs.
    private func measure(_ iterations: Int, _ body: () -> Void) -> (Duration, Duration) {
        var samples: [Duration] = []
        samples.reserveCapacity(iterations)
        for _ in 0..<iterations {
            let started = ContinuousClock.now
            body()
            samples.append(ContinuousClock.now - started)
        }
        samples.sort()
        return (samples[iterations / 2], samples[iterations * 99 / 100])
    }

    static func secondsValue(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func seconds(_ duration: Duration) -> String { String(format: "%.1f", secondsValue(duration)) }
    static func milliseconds(_ duration: Duration) -> String { String(format: "%.2f ms", secondsValue(duration) * 1000) }
    static func micro(_ duration: Duration) -> String { String(format: "%.0f µs", secondsValue(duration) * 1_000_000) }
}
