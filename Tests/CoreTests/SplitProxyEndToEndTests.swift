import Core
import Foundation
import PalisadeCore
import Simulator
import Testing

/// The whole Apple flow through the edge: devices only ever talk to the edge; the cores listen on no device port
/// and are reached only over the relay links they dial; pushes leave through the edge's egress tunnel.
@Suite(.serialized) struct SplitProxyEndToEndTests {
    @Test func devicesEnrolAnswerInventoryAndALockIsPushedAndAcknowledgedThroughTheEdge() async throws {
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

        let inventoried = try await split.eventually {
            try await split.storage.commands(matching: CommandFilter(state: .acknowledged), page: PageRequest(limit: 1000)).items.count >= 20
        }
        #expect(inventoried)

        // A lock: the push goes core → loopback forwarder → edge egress tunnel → APNs stand-in.
        await split.standIn.resetRecord()
        let target = devices[3]
        let targetID = try #require(try await split.storage.device(hardwareID: target.hardware.udid)).id
        let (status, queued) = try await split.admin("POST", "/api/commands", .object([
            "requestType": .string("DeviceLock"), "deviceId": .string(targetID.description),
        ]))
        #expect(status == 201)
        let lockID = try #require(queued["commands"]?.arrayValue?.first?["id"]?.stringValue)
        #expect(await split.standIn.waitForDeliveries(1, timeout: .seconds(10)))
        let token = await target.pushToken
        #expect(await split.standIn.deliveries.contains { $0.token == token })
        let locked = try await split.eventually(20) {
            try await split.admin("GET", "/api/commands/\(lockID)").1["state"] == .string("acknowledged")
        }
        #expect(locked)
        await fleet.shutdown()
        await split.stop()
    }
}
