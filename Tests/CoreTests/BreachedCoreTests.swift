import AppleMDM
import Core
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PalisadeCore
import PKI
import Simulator
@testable import Storage
import Testing
import TestSupport

extension LiveSystemTests {
    /// A breached core: it can write anything to its database, register administrators and keys there, and even
    /// reseal command bytes with the key-encryption key, but it holds no approver's private key. The edge trusts only
    /// the keys in its own configuration, so an erase, a passcode clear or a locate never reaches a device unless the
    /// real requester and approvers signed exactly that command for exactly that device.
    @Suite struct BreachedCoreTests {
        static func edgeMetric(_ split: LiveSplit, _ prefix: String) async throws -> String {
            let url = try #require(split.edgeAddresses[0].metricsURL)
            let text = String(decoding: try await URLSession.shared.data(from: URL(string: url + "/metrics")!).0, as: UTF8.self)
            return text.split(separator: "\n").filter { $0.hasPrefix(prefix) }.joined(separator: "\n")
        }

        @Test func aCoreWithoutApproversKeysCannotGetAnEraseAClearPasscodeOrALocateDelivered() async throws {
            let split = try await LiveSplit.start(initialCommands: [], eventReportInterval: .milliseconds(200))
            let fleet = SimulatedFleet(standIn: split.standIn)
            await fleet.enroll(count: 1, concurrency: 1) { _ in try await split.invitationURL() }
            let device = try #require(await fleet.devices.first)
            let deviceID = try #require(try await split.storage.device(hardwareID: device.hardware.udid)).id
            let team = try await ApprovalTeam.make(on: split)
            split.trust(team)

            func state(_ id: UUID) async throws -> Command? { try await split.storage.command(id) }
            func refusedByTheEdge(_ id: UUID, _ reason: String) async throws -> Bool {
                try await Polling.until(20) {
                    guard let command = try await state(id), command.state == .error, let result = command.result else { return false }
                    return String(decoding: result, as: UTF8.self).contains("refused by the edge's command gate: \(reason)")
                }
            }

            // 1. Queued straight into the database, with no approval at all.
            let planted = ["EraseDevice", "ClearPasscode", "DeviceLocation"].map { Command(deviceID: deviceID, requestType: $0, createdAt: Date()) }
            try await split.storage.enqueue(planted)
            // A refusal ends the device's session with an empty answer: one command a check-in, oldest first.
            for command in planted {
                try await device.checkIn()
                #expect(try await refusedByTheEdge(command.id, "no approval came with the command"), "\(command.requestType)")
            }

            // 2. Approved with administrators and keys the breached core registered itself: the core's own check
            //    passes, the edge's does not.
            let rogue = try await ApprovalTeam.make(on: split)
            let forged = try await rogue.send(.object([
                "requestType": .string("EraseDevice"), "deviceId": .string(deviceID.description), "push": .bool(false),
            ]), approvals: 2, on: split)
            // The core let it out of awaiting-approval; the push its approval sent may already have had the device
            // fetch it (sent), and the edge refuse it (error).
            let released = try await split.admin("GET", "/api/commands/\(forged)").1["state"]
            #expect(["queued", "sent", "error"].map(JSONValue.string).contains(released), "\(String(describing: released))")
            try await device.checkIn()
            #expect(try await refusedByTheEdge(try #require(UUID(uuidString: forged)), "a signature does not verify"))

            // 3. Properly approved, then its bytes altered before delivery (the breached core holds the
            //    key-encryption key): the approvers signed other bytes.
            let eraseResponse = try await split.admin("POST", "/api/commands", .object([
                "requestType": .string("EraseDevice"), "deviceId": .string(deviceID.description), "push": .bool(false),
            ])).1
            let altered = try #require(eraseResponse["commands"]?.arrayValue?.first?["id"]?.stringValue)
            let alteredID = try #require(UUID(uuidString: altered))
            try await team.sign(altered, as: team.requester, on: split)
            try await team.sign(altered, as: team.approvers[0], on: split)
            let kek = try KeyEncryptionKey.load(at: split.directory.appendingPathComponent("kek"))
            let other = MDMCommand(requestType: "EraseDevice", parameters: ["PIN": .string("000000")], uuid: alteredID).wireData()
            let resealed = try kek.seal(other, name: CommandApproval.sealedName(alteredID))
            _ = try await split.storage.database.transaction { session in
                try await session.query("UPDATE approvals SET sealed_payload = ? WHERE command_id = ?", .blob([UInt8](resealed)), .text(alteredID.uuidString))
            }
            try await team.sign(altered, as: team.approvers[1], on: split)
            try await device.checkIn()
            #expect(try await refusedByTheEdge(alteredID, "the command differs from what was approved (payload)"))

            // 4. A locate the real team approved goes out once; the same approval sent again after the device answered
            //    is a replay.
            let locate = try await team.send(.object([
                "requestType": .string("DeviceLocation"), "deviceId": .string(deviceID.description), "push": .bool(false),
            ]), approvals: 2, on: split)
            let locateID = try #require(UUID(uuidString: locate))
            try await device.checkIn()
            #expect(try await Polling.until(20) { try await state(locateID)?.state == .acknowledged })
            #expect(await device.commandsAnswered["DeviceLocation"] == 1)
            _ = try await split.storage.database.transaction { session in
                try await session.query("UPDATE commands SET state = 'queued' WHERE id = ?", .text(locateID.uuidString))
            }
            try await device.checkIn()
            #expect(try await refusedByTheEdge(locateID, "this command was already delivered under its approval"))

            // None of the refused commands reached the device; the alarm is in the edge's metrics and the audit log.
            #expect(await device.isErased == false)
            #expect(await device.commandsAnswered["EraseDevice"] == nil)
            #expect(await device.commandsAnswered["ClearPasscode"] == nil)
            #expect(await device.commandsAnswered["DeviceLocation"] == 1)
            let refusals = try await Self.edgeMetric(split, "palisade_edge_command_gate_refusals_total")
            #expect(refusals.contains("reason=\"missing\"") && refusals.contains("reason=\"forged\"") && refusals.contains("reason=\"altered\"")
                    && refusals.contains("reason=\"replayed\""), "\(refusals)")
            // Every one of the six commands is in the audit log as refused. A command can be refused twice: when the device
            // checks in again before the edge's report of the first refusal has ended it on the core (the reports go
            // every 200 ms here), the core hands it out once more and the edge refuses it once more.
            let audited = try await split.admin("GET", "/api/audit-events?action=edge.command.refused&limit=50").1["items"]?.arrayValue ?? []
            let refusedCommands = Set(audited.compactMap { $0["detail"]?["command"]?.stringValue?.lowercased() })
            let expected = Set((planted.map(\.id) + [try #require(UUID(uuidString: forged)), alteredID, locateID]).map { $0.uuidString.lowercased() })
            #expect(refusedCommands == expected, "\(audited)")
            #expect(try await split.storage.verifyAuditChain().holds)

            await fleet.shutdown()
            await split.stop()
        }
    }
}
