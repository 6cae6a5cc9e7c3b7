import Foundation
import Histogram
import Logging
import PalisadeCore
import Simulator
import X509

/// `palisade bench load`: a load generator in its own process against a server started separately. Devices enrol
/// through the real path (invitations from the admin API, profile, SCEP, Authenticate, TokenUpdate), then every
/// timed round each device connects once over a fixed set of keep-alive HTTP/1.1 connections with its Idle, signed
/// once ahead of time, and with commands also answers the command queued for it with an Acknowledged result signed
/// ahead of time too. The generator's own CPU and each named server process's are read from the operating system
/// around the timed rounds only, so the cost per connect holds when other work shares the machine.
struct LoadBenchmark {
    struct Settings: Sendable {
        var devices: Int
        var connections: Int
        var rounds: Int
        var warmupRounds: Int
        /// Request type queued for every device each round, or `nil` for Idle connects only.
        var commandType: String?
        /// The device URL connects go to instead of the `ServerURL` the devices' profiles name.
        var target: String?
        /// A CA the target's TLS certificate chains to, besides the one the enrolment profile installed.
        var targetCAFile: String?
        var serverPIDs: [Int32]
    }

    let admin: AdminClient
    let settings: Settings
    /// How the run can be repeated, printed with the figures.
    let commandLine: String

    /// A device's part of a round: where to send, what, and for a command round the answer it expects to give.
    private struct Connect: Sendable {
        var idle: PresignedMessage
        var answer: (commandUUID: String, message: PresignedMessage)?
    }

    /// What the connects of one worker, or of a whole run, came to.
    struct Tally: Sendable {
        /// Latency of each successful connect, in microseconds.
        var latency = Histogram<UInt64>(highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: .three)
        var connects = 0
        var requests = 0
        var errors: [String: Int] = [:]

        mutating func add(_ other: Tally) {
            latency.add(other.latency)
            connects += other.connects
            requests += other.requests
            errors.merge(other.errors, uniquingKeysWith: +)
        }
    }

    func run() async throws -> LoadReport {
        var logger = Logger(label: "palisade.bench")
        logger.logLevel = ProcessInfo.processInfo.environment["PALISADE_BENCH_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .critical
        for pid in settings.serverPIDs { _ = try ProcessCPUTime.of(pid: pid) }
        let fleet = SimulatedFleet(standIn: nil, logger: logger)
        do {
            let report = try await measure(fleet)
            await fleet.shutdown()
            return report
        } catch {
            await fleet.shutdown()
            throw error
        }
    }

    private func measure(_ fleet: SimulatedFleet) async throws -> LoadReport {
        let admin = self.admin
        let enrolStarted = ContinuousClock.now
        await fleet.enroll(count: settings.devices, concurrency: 8, invitation: { _ in
            let invitation = try await admin.send("POST", "/api/enrollment-invitations", body: .object(["platform": .string("ios")]))
            guard let url = invitation["url"]?.stringValue else { throw CLIError("the admin API returned no invitation") }
            return url
        }, progress: { enrolled, failed in
            FileHandle.standardError.write(Data("\renrolled \(enrolled)/\(settings.devices)\(failed > 0 ? ", failed \(failed)" : "")   ".utf8))
        })
        FileHandle.standardError.write(Data("\n".utf8))
        let enrolTime = ContinuousClock.now - enrolStarted
        let devices = await fleet.devices
        guard devices.count == settings.devices else {
            throw CLIError("only \(devices.count) of \(settings.devices) devices enrolled: \(await fleet.failures.prefix(3))")
        }

        guard let ca = await devices[0].trustedCertificate else { throw CLIError("the enrolment profile installed no CA") }
        var roots = [ca]
        if let file = settings.targetCAFile {
            do {
                roots.append(try Certificate(pemEncoded: String(contentsOfFile: file, encoding: .utf8)))
            } catch {
                throw CLIError("cannot read the target's CA from \(file) (--target-ca-file): \(error)")
            }
        }
        let transport = try SimulatorTransport(trusting: roots, http1Connections: settings.connections)
        do {
            var idles: [PresignedMessage] = []
            for device in devices {
                var idle = try await device.presignedIdle()
                if let target = settings.target { idle.url = target }
                idles.append(idle)
            }
            var group: (id: String, deviceIDs: [String])?
            if settings.commandType != nil { group = try await benchGroup(devices) }

            // Anything still queued from enrolment is answered by the devices' own sessions; then warm-up rounds open
            // the connections and warm the server's caches outside the timing.
            await fleet.checkInAll()
            for _ in 0..<settings.warmupRounds {
                _ = try await round(transport, connects: try await connects(idles, group: group, devices: devices))
            }

            var total = Tally()
            var elapsed = Duration.zero
            var generatorCPU = Duration.zero
            var serverCPU = settings.serverPIDs.map { _ in Duration.zero }
            for _ in 0..<settings.rounds {
                let plan = try await connects(idles, group: group, devices: devices)
                // Queueing through the admin API is not part of a connect: let the server finish with it first.
                await settle()
                let serversBefore = try settings.serverPIDs.map { try ProcessCPUTime.of(pid: $0) }
                let ownBefore = ProcessCPUTime.own()
                let started = ContinuousClock.now
                total.add(try await round(transport, connects: plan))
                elapsed += ContinuousClock.now - started
                generatorCPU += ProcessCPUTime.own() - ownBefore
                for (index, pid) in settings.serverPIDs.enumerated() {
                    serverCPU[index] += try ProcessCPUTime.of(pid: pid) - serversBefore[index]
                }
            }
            await transport.shutdown()
            return LoadReport(
                settings: settings, enrolTime: enrolTime, tally: total, elapsed: elapsed, generatorCPU: generatorCPU,
                serverCPU: Array(zip(settings.serverPIDs, serverCPU)), url: idles[0].url, commandLine: commandLine
            )
        } catch {
            await transport.shutdown()
            throw error
        }
    }

    /// A group of this run's devices, so that one admin request queues a command for each of them every round.
    private func benchGroup(_ devices: [SimulatedAppleDevice]) async throws -> (id: String, deviceIDs: [String]) {
        var idsByUDID: [String: String] = [:]
        var cursor: String?
        repeat {
            let page = try await admin.send("GET", "/api/devices", query: ["platform": "ios", "limit": "1000", "cursor": cursor])
            for item in page["items"]?.arrayValue ?? [] {
                if let udid = item["hardwareId"]?.stringValue, let id = item["id"]?.stringValue { idsByUDID[udid] = id }
            }
            cursor = page["nextCursor"]?.stringValue
        } while cursor != nil
        let ids = try devices.map { device in
            guard let id = idsByUDID[device.hardware.udid] else { throw CLIError("the admin API does not list device \(device.hardware.udid)") }
            return id
        }
        let group = try await admin.send("POST", "/api/groups", body: .object([
            "name": .string("bench-load-\(UUID().uuidString.prefix(8).lowercased())"),
            "description": .string("palisade bench load: the devices it enrolled"),
        ]))
        guard let groupID = group["id"]?.stringValue else { throw CLIError("the admin API returned no group id") }
        for start in stride(from: 0, to: ids.count, by: 10_000) {
            _ = try await admin.send("POST", "/api/groups/\(groupID)/members", body: .object([
                "deviceIds": .array(ids[start..<min(ids.count, start + 10_000)].map(JSONValue.string)),
            ]))
        }
        return (groupID, ids)
    }

    /// One round's connects: with commands, one is queued for every device and its answer signed now.
    private func connects(
        _ idles: [PresignedMessage], group: (id: String, deviceIDs: [String])?, devices: [SimulatedAppleDevice]
    ) async throws -> [Connect] {
        guard let group, let commandType = settings.commandType else { return idles.map { Connect(idle: $0) } }
        let queued = try await admin.send("POST", "/api/commands", body: .object([
            "groupId": .string(group.id), "requestType": .string(commandType),
        ]))
        var commandByDevice: [String: String] = [:]
        for command in queued["commands"]?.arrayValue ?? [] {
            if let device = command["deviceId"]?.stringValue, let id = command["id"]?.stringValue { commandByDevice[device] = id.lowercased() }
        }
        var plan: [Connect] = []
        for (index, device) in devices.enumerated() {
            guard let uuid = commandByDevice[group.deviceIDs[index]] else {
                throw CLIError("the admin API queued no \(commandType) for device \(group.deviceIDs[index])")
            }
            var answer = try await device.presignedAnswer(requestType: commandType, commandUUID: uuid)
            answer.url = idles[index].url
            plan.append(Connect(idle: idles[index], answer: (uuid, answer)))
        }
        return plan
    }

    /// Every device connects once, `connections` at a time, each worker on its own keep-alive connection.
    private func round(_ transport: SimulatorTransport, connects: [Connect]) async throws -> Tally {
        let workers = min(settings.connections, connects.count)
        return await withTaskGroup(of: Tally.self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var tally = Tally()
                    for index in stride(from: worker, to: connects.count, by: workers) {
                        await Self.connect(connects[index], over: transport, into: &tally)
                    }
                    return tally
                }
            }
            var total = Tally()
            for await tally in group { total.add(tally) }
            return total
        }
    }

    /// One device connect: its Idle, and for a command round the command it is handed, its answer and the empty
    /// reply. Only a connect that went exactly so is timed; anything else is counted by what went wrong.
    private static func connect(_ connect: Connect, over transport: SimulatorTransport, into tally: inout Tally) async {
        let started = ContinuousClock.now
        do {
            tally.requests += 1
            let reply = try await send(connect.idle, over: transport)
            guard reply.status == 200 else { return tally.errors["HTTP \(reply.status)", default: 0] += 1 }
            if let answer = connect.answer {
                guard reply.body.range(of: Data(answer.commandUUID.utf8)) != nil else {
                    return tally.errors["HTTP 200 without the queued command", default: 0] += 1
                }
                tally.requests += 1
                let last = try await send(answer.message, over: transport)
                guard last.status == 200 else { return tally.errors["HTTP \(last.status) to the result", default: 0] += 1 }
                guard last.body.isEmpty else { return tally.errors["HTTP 200 with a further command", default: 0] += 1 }
            } else {
                guard reply.body.isEmpty else { return tally.errors["HTTP 200 with a command", default: 0] += 1 }
            }
            let elapsed = ContinuousClock.now - started
            let microseconds = UInt64(max(0, elapsed.components.seconds)) * 1_000_000 + UInt64(max(0, elapsed.components.attoseconds)) / 1_000_000_000_000
            _ = tally.latency.record(min(microseconds, tally.latency.highestTrackableValue))
            tally.connects += 1
        } catch {
            tally.errors["no answer: \(String(describing: error).prefix(80))", default: 0] += 1
        }
    }

    private static func send(_ message: PresignedMessage, over transport: SimulatorTransport) async throws -> SimulatorTransport.Reply {
        try await transport.send(.PUT, message.url, body: message.body, headers: [("Mdm-Signature", message.signatureHeader)])
    }

    /// Waits (at most 3 s) until the server processes are quiet, at most one clock tick of CPU in 100 ms, so that
    /// work the admin requests started is not counted against the connects.
    private func settle() async {
        guard !settings.serverPIDs.isEmpty else { return }
        let deadline = ContinuousClock.now + .seconds(3)
        var last = settings.serverPIDs.map { (try? ProcessCPUTime.of(pid: $0)) ?? .zero }
        while ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(100))
            let now = settings.serverPIDs.map { (try? ProcessCPUTime.of(pid: $0)) ?? .zero }
            if zip(now, last).allSatisfy({ $0 - $1 <= .milliseconds(10) }) { return }
            last = now
        }
    }
}
