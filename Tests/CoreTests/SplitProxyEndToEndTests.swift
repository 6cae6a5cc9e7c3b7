import Core
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PalisadeCore
import Simulator
import Testing
import TestSupport

extension LiveSystemTests {
/// The whole Apple flow through the edge: devices only ever talk to the edge; the cores listen on no device port
/// and are reached only over the relay links they dial; pushes leave through the edge's egress tunnel.
@Suite struct SplitProxyEndToEndTests {
    @Test func devicesEnrolAnswerInventoryAndASignedLockIsPushedAndAcknowledgedThroughTheEdge() async throws {
        let split = try await LiveSplit.start()
        let fleet = SimulatedFleet(standIn: split.standIn)
        await fleet.enroll(count: 10, concurrency: 5, lockDuration: .seconds(2)) { _ in try await split.invitationURL() }
        let failures = await fleet.failures
        #expect(failures.isEmpty, "\(failures)")
        let devices = await fleet.devices
        #expect(devices.count == 10)
        // The profile points devices at the edge, not at a core.
        let invitation = try await split.invitationURL()
        #expect(invitation.hasPrefix(split.deviceURL))

        let inventoried = try await Polling.until {
            try await split.storage.commands(matching: CommandFilter(state: .acknowledged), page: PageRequest(limit: 1000)).items.count >= 20
        }
        #expect(inventoried)

        // A lock signed by the requester and one approver, whose keys the edge holds: the push goes core → loopback
        // forwarder → edge egress tunnel → APNs stand-in, and the command passes the edge's gate.
        await split.standIn.resetRecord()
        let target = devices[3]
        let targetID = try #require(try await split.storage.device(hardwareID: target.hardware.udid)).id
        let team = try await ApprovalTeam.make(on: split, approverCount: 1)
        split.trust(team)
        let lockID = try await team.send(.object([
            "requestType": .string("DeviceLock"), "deviceId": .string(targetID.description),
        ]), approvals: 1, on: split)
        #expect(await split.standIn.waitForDeliveries(1, timeout: .seconds(10)))
        let token = await target.pushToken
        #expect(await split.standIn.deliveries.contains { $0.token == token })
        let acknowledged = try await Polling.until(20) {
            try await split.admin("GET", "/api/commands/\(lockID)").1["state"] == .string("acknowledged")
        }
        #expect(acknowledged)

        // The edge's own metrics listener: every verdict counted, and health says a core is connected.
        let metricsURL = try #require(split.edgeAddresses[0].metricsURL)
        let (health, healthResponse) = try await URLSession.shared.data(from: URL(string: metricsURL + "/health")!)
        #expect((healthResponse as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: health, as: UTF8.self) == #"{"cores":1}"#)
        let metrics = String(decoding: try await URLSession.shared.data(from: URL(string: metricsURL + "/metrics")!).0, as: UTF8.self)
        #expect(metrics.contains(#"palisade_edge_inspections_total{direction="request",endpoint="connect",decision="pass"}"#))
        #expect(metrics.contains(#"palisade_edge_inspections_total{direction="response",endpoint="connect",decision="pass"}"#))
        await fleet.shutdown()
        await split.stop()
    }

    @Test func oneCoreServesDevicesThroughEachOfItsEdges() async throws {
        let split = try await LiveSplit.start(cores: 1, edges: 2, initialCommands: [])
        #expect(split.edges.allSatisfy { $0.pool.availableCount == 1 })
        let fleet = SimulatedFleet(standIn: split.standIn)
        await fleet.enroll(count: 1, concurrency: 1) { _ in try await split.invitationURL() }
        let device = try #require(await fleet.devices.first)
        // The same device, signed, through the second edge (as after a DNS change or a load balancer's choice).
        let idle = try PropertyListSerialization.data(fromPropertyList: ["Status": "Idle", "UDID": device.hardware.udid], format: .xml, options: 0)
        let transport = try split.transport()
        let reply = try await transport.send(.PUT, split.edgeAddresses[1].deviceURL + "/mdm/connect", body: idle, headers: [
            ("Mdm-Signature", try await device.signatureHeader(for: idle)),
        ])
        #expect(reply.status == 200)
        await transport.shutdown()
        await fleet.shutdown()
        await split.stop()
    }

    @Test func aDeviceAuthenticatingWithItsTLSClientCertificateIsServedThroughTheEdge() async throws {
        let split = try await LiveSplit.start(initialCommands: ["DeviceInformation"])
        // The edge saw the certificate in the TLS handshake and passed it on; the core bound and checked it.
        let alice = try await split.enrolWithTLSClientCertificate(index: 950)
        let bob = try await split.enrolWithTLSClientCertificate(index: 951)
        let id = try #require(try await split.storage.device(hardwareID: alice.hardware.udid)).id
        let answered = try await split.storage.commands(matching: CommandFilter(deviceID: id, state: .acknowledged), page: PageRequest())
        #expect(answered.items.map(\.requestType) == ["DeviceInformation"])
        let idle = try PropertyListSerialization.data(fromPropertyList: ["Status": "Idle", "UDID": alice.hardware.udid], format: .xml, options: 0)
        #expect(try await alice.sendRaw(idle, to: .connect, signatureHeader: nil).status == 200)
        #expect(try await bob.sendRaw(idle, to: .connect, signatureHeader: nil).status == 403)
        await alice.shutdown()
        await bob.shutdown()
        await split.stop()
    }

    @Test func everyEdgeKeepsACopyOfTheAuditChainHeadOutsideTheDatabase() async throws {
        let split = try await LiveSplit.start(cores: 1, edges: 2, initialCommands: [], auditHeadInterval: .milliseconds(200))
        for index in 0..<3 {
            try await split.storage.append(AuditRecord(at: Date(), actor: .system, action: "test.event", detail: .object(["n": .number(Double(index))])))
        }
        let head = try #require(try await split.storage.auditChainHead())
        let seen = try await Polling.until(10) { split.edges.allSatisfy { $0.auditHeads.latest == head } }
        #expect(seen)
        // The copy the edge serves is what `palisade audit verify --expect` takes.
        let metricsURL = try #require(split.edgeAddresses[1].metricsURL)
        let served = try JSONDecoder().decode(AuditChainHead.self, from: try await URLSession.shared.data(from: URL(string: metricsURL + "/audit-head")!).0)
        #expect(served == head)
        #expect(try await split.storage.verifyAuditChain(expecting: served).holds)
        await split.stop()
    }
}
}
