import Core
import Foundation
import PalisadeCore
import Simulator
import Testing
import TestSupport

extension LiveSystemTests {
/// A device, through a real edge, reports results for commands the core never sent it, as it would after a breached
/// edge answered it with a command of its own: the core raises the alarm and changes nothing. Its genuine results,
/// and a repeat of one, raise none.
@Suite struct BreachAlarmEndToEndTests {
    static func plist(_ object: [String: Any]) throws -> Data {
        try PropertyListSerialization.data(fromPropertyList: object, format: .xml, options: 0)
    }

    /// One simulated device enrolled through the edge, once the core has its answers to the two initial commands.
    static func enrolledDevice(in split: LiveSplit) async throws -> (SimulatedFleet, SimulatedAppleDevice, DeviceID) {
        let fleet = SimulatedFleet(standIn: split.standIn)
        await fleet.enroll(count: 1, concurrency: 1) { _ in try await split.invitationURL() }
        let device = try #require(await fleet.devices.first)
        let deviceID = try #require(try await split.storage.device(hardwareID: device.hardware.udid)).id
        let answered = try await Polling.until(20) {
            try await split.storage.commands(matching: CommandFilter(deviceID: deviceID, state: .acknowledged), page: PageRequest(limit: 10)).items.count == 2
        }
        #expect(answered)
        return (fleet, device, deviceID)
    }

    func alarms(_ split: LiveSplit) async throws -> [JSONValue] {
        try await split.admin("GET", "/api/audit-events?action=\(BreachAlarms.unknownResultAction)&limit=100").1["items"]?.arrayValue ?? []
    }

    @Test func aResultForACommandTheCoreNeverSentRaisesTheAlarmAndARepeatedGenuineResultDoesNot() async throws {
        let split = try await LiveSplit.start()
        let (fleet, device, deviceID) = try await Self.enrolledDevice(in: split)
        let udid = device.hardware.udid
        // The enrolment's genuine results (the two initial commands) raise nothing.
        #expect(try await alarms(split).isEmpty)

        func report(_ uuid: String, _ status: String = "Acknowledged") async throws -> Int {
            let body = try Self.plist(["Status": status, "UDID": udid, "CommandUUID": uuid])
            return try await device.sendRaw(body, to: .connect, signatureHeader: try await device.signatureHeader(for: body)).status
        }

        // 1. A UUID the core never issued.
        let invented = UUID().uuidString
        #expect(try await report(invented) == 200)
        // 2. The device's own lock, still awaiting approvers, so never delivered.
        let (status, queued) = try await split.admin("POST", "/api/commands", .object([
            "requestType": .string("DeviceLock"), "deviceId": .string(deviceID.description),
        ]))
        #expect(status == 201)
        let lockID = try #require(queued["commands"]?.arrayValue?.first?["id"]?.stringValue)
        #expect(try await report(lockID.uppercased()) == 200)
        #expect(try await split.admin("GET", "/api/commands/\(lockID)").1["state"] == .string("awaitingApproval"))

        let raised = try await alarms(split)
        #expect(raised.count == 2)
        let byCommand = Dictionary(raised.compactMap { event in event["detail"]?["command"]?.stringValue.map { ($0, event) } }) { first, _ in first }
        let unknown = try #require(byCommand[invented.lowercased()])
        #expect(unknown["detail"]?["reason"] == .string("not-this-device"))
        #expect(unknown["detail"]?["edge"] == .string(split.edgePins[0]))
        #expect(unknown["target"] == .string("device:\(deviceID)"))
        let neverSent = try #require(byCommand[lockID.lowercased()])
        #expect(neverSent["detail"]?["reason"] == .string("never-sent") && neverSent["detail"]?["state"] == .string("awaitingApproval"))
        #expect(split.metricsText().contains("palisade_core_unknown_command_results_total{edge=\"\(split.edgePins[0])\"} 2"))

        // 3. A genuine result repeated: no alarm, no second audit, nothing moved.
        let information = try #require(try await split.storage.commands(
            matching: CommandFilter(deviceID: deviceID, requestType: "DeviceInformation"), page: PageRequest(limit: 1)
        ).items.first)
        #expect(try await report(information.id.uuidString, "Error") == 200)
        #expect(try await split.storage.command(information.id) == information)
        let finished = try await split.admin("GET", "/api/audit-events?action=command.acknowledged&limit=100").1["items"]?.arrayValue ?? []
        #expect(finished.filter { $0["detail"]?["command"] == .string(information.id.uuidString.lowercased()) }.count == 1)
        #expect(try await alarms(split).count == 2)
        #expect(try await split.storage.verifyAuditChain().holds)
        await fleet.shutdown()
        await split.stop()
    }

    @Test func aDeviceThatGotACommandThroughTheEdgeAndStillIdlesWithoutAnsweringRaisesTheSilentEdgeAlarm() async throws {
        let clock = SettableClock(Date())
        let split = try await LiveSplit.start(clock: clock)
        let (fleet, device, deviceID) = try await Self.enrolledDevice(in: split)
        let udid = device.hardware.udid
        func idle(_ round: Int) async throws -> SimulatorTransport.Reply {
            // Each round a different body, so no two rounds are the same signed message.
            let body = try Self.plist(["Status": "Idle", "UDID": udid, "TestRound": round])
            return try await device.sendRaw(body, to: .connect, signatureHeader: try await device.signatureHeader(for: body))
        }
        // Queued straight into the store (no push, so the simulated device does not fetch it by itself): the next
        // Idle is handed it, and no result comes back, as if the edge had kept it.
        let command = Command(deviceID: deviceID, requestType: "DeviceInformation", payload: .object([:]), createdAt: clock.now)
        try await split.storage.enqueue([command])
        let handed = try await idle(1)
        #expect(handed.status == 200 && String(decoding: handed.body, as: UTF8.self).lowercased().contains(command.id.uuidString.lowercased()))
        func silences() async throws -> [JSONValue] {
            try await split.admin("GET", "/api/audit-events?action=\(BreachAlarms.silentEdgeAction)&limit=10").1["items"]?.arrayValue ?? []
        }
        // Within the threshold: the device may simply not have answered yet.
        clock.advance(by: 14 * 60)
        #expect(try await idle(2).status == 200)
        #expect(try await silences().isEmpty)
        clock.advance(by: 2 * 60)
        #expect(try await idle(3).status == 200)
        let raised = try await silences()
        #expect(raised.count == 1)
        #expect(raised.first?["target"] == .string("edge:\(split.edgePins[0])"))
        #expect(raised.first?["detail"]?["device"] == .string(deviceID.description))
        #expect(split.metricsText().contains("palisade_core_edge_result_silences_total{edge=\"\(split.edgePins[0])\"} 1"))
        await fleet.shutdown()
        await split.stop()
    }
}
}
