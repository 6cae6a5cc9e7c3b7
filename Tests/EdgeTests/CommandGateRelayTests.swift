import AppleMDM
@testable import Edge
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdHTTP2
import HummingbirdTesting
import Inspection
import Logging
import NIOCore
import PalisadeCore
import PKI
import Prometheus
import Relay
import Synchronization
import Testing
import TestSupport

/// The command gate in the edge's request path, with a stand-in core on a real relay link: what the device is sent,
/// what the core is told, and how a release reaches the wipe breaker.
@Suite struct CommandGateRelayTests {
    /// A core that answers every connect with the command it is given, takes events and offers releases.
    final class StandInCore: Sendable {
        struct State {
            var command: (body: Data, approval: String?)?
            var events: [EdgeEvent] = []
            var releases = WipeBreakerReleaseList(releases: [])
            var releaseRequests = 0
        }

        let state = Mutex(State())

        var events: [EdgeEvent] { state.withLock { $0.events } }

        func child() -> HTTP2Channel {
            HTTP2Channel(responder: { request, writer, _ in
                var request = request
                let body = try await request.collectBody(upTo: 1 << 20)
                var status = HTTPResponse.Status.ok
                var headers: HTTPFields = [:]
                var answer = ByteBuffer()
                switch request.uri.path {
                case RelayRoutes.events:
                    let batch = try JSONDecoder().decode(EdgeEventBatch.self, from: Data(buffer: body))
                    self.state.withLock { $0.events += batch.events }
                    status = .noContent
                case RelayRoutes.wipeBreakerReleases:
                    let list = self.state.withLock { state in
                        state.releaseRequests += 1
                        return state.releases
                    }
                    answer = ByteBuffer(data: try JSONEncoder().encode(list))
                    headers[.contentType] = "application/json"
                default:
                    if let command = self.state.withLock({ $0.command }) {
                        answer = ByteBuffer(data: command.body)
                        headers[.contentType] = "application/xml"
                        if let approval = command.approval { headers[HTTPField.Name(RelayRoutes.approvalHeader)!] = approval }
                    }
                }
                try await writer.write(response: .init(status: status, headerFields: headers), body: .init(byteBuffer: answer))
            })
        }
    }

    let udid = "663b07bb783e9ade1dae4fbb92ea12afc0ce5b69"
    let requester: TestAdministrator
    let alice: TestAdministrator
    let bob: TestAdministrator

    init() throws {
        requester = try TestAdministrator(.operator)
        alice = try TestAdministrator(.approver)
        bob = try TestAdministrator(.approver, .p256)
    }

    /// A device's signed report; `seed` varies the stand-in signature (a stand-in carries no signing time, so the edge
    /// judges no freshness).
    func report(_ status: String, commandUUID: String? = nil, seed: UInt8) -> (body: ByteBuffer, headers: HTTPFields) {
        var inner = "<dict><key>Status</key><string>\(status)</string><key>UDID</key><string>\(udid)</string>"
        if let commandUUID { inner += "<key>CommandUUID</key><string>\(commandUUID)</string>" }
        let body = #"<?xml version="1.0" encoding="UTF-8"?><plist version="1.0">"# + inner + "</dict></plist>"
        var der: [UInt8] = [0x30, 0x82, 0x01, 0x00]
        der += (0..<256).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) }
        return (ByteBuffer(string: body), [.contentType: "application/x-apple-aspen-mdm", HTTPField.Name("Mdm-Signature")!: Data(der).base64EncodedString()])
    }

    func approval(_ command: MDMCommand) throws -> String {
        try requester.approval(
            of: command.wireData(), uuid: command.commandUUID, requestType: command.requestType, target: udid,
            expiresAt: Date().addingTimeInterval(900), approvers: [alice, bob]
        ).headerValue
    }

    /// A stand-in core joined to `pool` by a real relay link (an edge-side listener and the core dialling it, keys
    /// pinned both ways); cancel the tasks to take it down.
    static func linkedCore(to pool: RelayLinkPool) async throws -> (StandInCore, [Task<Void, any Error>]) {
        let core = StandInCore()
        let edgeIdentity = try RelayIdentity()
        let coreIdentity = try RelayIdentity()
        let (port, edgeTask) = try await RelayLinkTests.listen(identity: edgeIdentity, pins: [coreIdentity.pin], pool: pool)
        let dialer = try RelayDialer(
            edge: RelayEdgeAddress(host: "127.0.0.1", port: port, pin: edgeIdentity.pin), identity: coreIdentity, child: core.child(),
            logger: RelayLinkTests.logger
        )
        return (core, [edgeTask, Task { try await dialer.run() }])
    }

    /// Runs an edge's device side (plain HTTP, in-process) in front of a stand-in core on a real relay link.
    func withEdge(
        wipeLimit: Int = 10, _ body: @Sendable (any TestClientProtocol, StandInCore, CommandGate, PrometheusCollectorRegistry) async throws -> Void
    ) async throws {
        let pool = RelayLinkPool()
        let (core, link) = try await Self.linkedCore(to: pool)
        defer { link.forEach { $0.cancel() } }
        #expect(try await Polling.until { pool.availableCount == 1 })

        let registry = PrometheusCollectorRegistry()
        let metrics = EdgeMetrics(factory: PrometheusMetricsFactory(registry: registry))
        let logger = RelayLinkTests.logger
        let gate = CommandGate(
            settings: CommandGateSettings(trustedKeys: [requester.key, alice.key, bob.key], wipeLimit: wipeLimit),
            responseLimits: InspectionPolicy.standard.responseLimits
        )
        let events = EdgeEventReporter(pool: pool, edge: "sha256:edge", interval: .milliseconds(100), logger: logger)
        let alarms = EdgeAlarms(metrics: metrics, events: events, clock: SystemWallClock(), logger: logger)
        let releases = WipeBreakerReleasePoller(
            pool: pool, gate: gate, interval: .milliseconds(100), logger: logger, onReleased: { alarms.wipeReleased(trippedAt: $0) },
            onIgnored: { alarms.wipeReleaseIgnored($0, reason: $1) }
        )
        let services = Task {
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask { try await events.run() }
                group.addTask { try await releases.run() }
            }
        }
        defer { services.cancel() }
        let responder = EdgeResponder(
            gate: InspectionGate(), commands: gate, alarms: alarms, pool: pool, metrics: metrics, relayTimeout: .seconds(10),
            clock: SystemWallClock(), logger: logger
        )
        let app = Application(responder: responder, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
        try await app.test(.live) { client in try await body(client, core, gate, registry) }
    }

    static func metricsText(_ registry: PrometheusCollectorRegistry) -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    @Test func aRefusedCommandIsAnEmpty200ToTheDeviceAndAnAlarmEventToTheCoreAndTheHeaderNeverCrosses() async throws {
        let approved = try MDMCommand.eraseDevice(pin: "123456")
        let approvedHeader = try approval(approved)
        let unapproved = try MDMCommand.eraseDevice()
        try await withEdge { client, core, _, registry in
            core.state.withLock { $0.command = (approved.wireData(), approvedHeader) }
            let idle = report("Idle", seed: 1)
            try await client.execute(uri: "/mdm/connect", method: .put, headers: idle.headers, body: idle.body) { response in
                #expect(response.status == .ok)
                #expect(Data(buffer: response.body) == approved.wireData(), "approved: the command as the core sent it")
                #expect(response.headers[HTTPField.Name(RelayRoutes.approvalHeader)!] == nil, "the approval stays at the edge")
            }

            core.state.withLock { $0.command = (unapproved.wireData(), nil) }
            let next = report("Idle", seed: 2)
            try await client.execute(uri: "/mdm/connect", method: .put, headers: next.headers, body: next.body) { response in
                #expect(response.status == .ok)
                #expect(response.body.readableBytes == 0, "refused: nothing to do, and no reason to retry")
            }
            #expect(try await Polling.until { core.events.contains { $0.kind == .commandRefused } })
            let event = try #require(core.events.first { $0.kind == .commandRefused })
            #expect(event.commandUUID == unapproved.commandUUID && event.requestType == "EraseDevice" && event.target == udid)
            #expect(event.reason == ApprovalQuorum.Refusal.missing.description)
            #expect(Self.metricsText(registry).contains(#"palisade_edge_command_gate_refusals_total{reason="missing"} 1"#))

            // The device says it erased the approved one: the core cannot send it again.
            let done = report("Acknowledged", commandUUID: approved.commandUUID, seed: 3)
            core.state.withLock { $0.command = (approved.wireData(), approvedHeader) }
            try await client.execute(uri: "/mdm/connect", method: .put, headers: done.headers, body: done.body) { response in
                #expect(response.body.readableBytes == 0)
            }
            #expect(try await Polling.until { core.events.contains { $0.reason == ApprovalQuorum.Refusal.replayed.description } })
        }
    }

    @Test func aHeldWipeIsReleasedBySignedStatementFetchedFromTheCore() async throws {
        let first = try MDMCommand.eraseDevice()
        let second = try MDMCommand.eraseDevice()
        let (firstHeader, secondHeader) = (try approval(first), try approval(second))
        try await withEdge(wipeLimit: 1) { client, core, gate, registry in
            core.state.withLock { $0.command = (first.wireData(), firstHeader) }
            let one = report("Idle", seed: 10)
            try await client.execute(uri: "/mdm/connect", method: .put, headers: one.headers, body: one.body) { response in
                #expect(response.body.readableBytes > 0)
            }
            core.state.withLock { $0.command = (second.wireData(), secondHeader) }
            let two = report("Idle", seed: 11)
            try await client.execute(uri: "/mdm/connect", method: .put, headers: two.headers, body: two.body) { response in
                #expect(response.status == .ok && response.body.readableBytes == 0, "held")
            }
            let trippedAt = try #require(gate.wipeBreakerTrippedAt)
            #expect(try await Polling.until { core.events.contains { $0.kind == .wipeHeld && $0.trippedAt == trippedAt } })
            #expect(Self.metricsText(registry).contains("palisade_edge_wipe_breaker_tripped 1"))
            // A release one approver short is fetched and ignored; the breaker still holds.
            let expiresAt = Int64(Date().timeIntervalSince1970) + 600
            let unsigned = WipeBreakerRelease(trippedAt: trippedAt, expiresAt: expiresAt, signatures: [])
            let short = WipeBreakerRelease(trippedAt: trippedAt, expiresAt: expiresAt, signatures: [try alice.sign(unsigned)])
            core.state.withLock { $0.releases = WipeBreakerReleaseList(releases: [short]) }
            let asked = core.state.withLock { $0.releaseRequests }
            #expect(try await Polling.until { core.state.withLock { $0.releaseRequests } > asked + 1 })
            #expect(gate.wipeBreakerTrippedAt == trippedAt)
            #expect(try await Polling.until {
                core.events.filter { $0.kind == .wipeReleaseIgnored && $0.trippedAt == trippedAt }.count == 1
            }, "the short release is reported once, with why, however often it is fetched")
            #expect(core.events.first { $0.kind == .wipeReleaseIgnored }?.reason?.isEmpty == false)

            let valid = WipeBreakerRelease(trippedAt: trippedAt, expiresAt: expiresAt, signatures: [try alice.sign(unsigned), try bob.sign(unsigned)])
            core.state.withLock { $0.releases = WipeBreakerReleaseList(releases: [short, valid]) }
            #expect(try await Polling.until { gate.wipeBreakerTrippedAt == nil })
            #expect(try await Polling.until { core.events.contains { $0.kind == .wipeReleased && $0.trippedAt == trippedAt } })
            let three = report("Idle", seed: 12)
            try await client.execute(uri: "/mdm/connect", method: .put, headers: three.headers, body: three.body) { response in
                #expect(Data(buffer: response.body) == second.wireData(), "the held erase goes out once released")
            }
        }
    }

    @Test func eventsSeenWhileNoCoreIsConnectedAreDeliveredWhenOneDials() async throws {
        let pool = RelayLinkPool()
        let events = EdgeEventReporter(pool: pool, edge: "sha256:edge", interval: .milliseconds(100), logger: RelayLinkTests.logger)
        let reporting = Task { try await events.run() }
        defer { reporting.cancel() }
        events.report(EdgeEvent(kind: .commandRefused, at: 1, commandUUID: "c1", requestType: "EraseDevice", target: udid, reason: "no approval"))
        await events.flush()
        #expect(events.pending == 1, "kept through a flush while no core is there")

        let (core, link) = try await Self.linkedCore(to: pool)
        defer { link.forEach { $0.cancel() } }
        #expect(try await Polling.until { core.events.map(\.commandUUID) == ["c1"] })
        #expect(try await Polling.until { events.pending == 0 }, "forgotten once the core took them")
    }
}
