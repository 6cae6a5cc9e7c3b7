import Core
import Foundation
import PalisadeCore
@testable import Storage
import Simulator
import Testing
import TestSupport

extension LiveSystemTests {
    /// `palisade approve` as administrators run it on their own machines: it shows the statement, checks the shown
    /// command bytes against the statement's hash, signs locally, and the erase goes out once the quorum is in.
    @Suite struct ApproveCommandTests {
        @Test func anEraseSignedWithPalisadeApproveByTheRequesterAndTwoApproversReachesTheDevice() async throws {
            let core = try await LiveCore.start(initialCommands: [])
            let fleet = SimulatedFleet(standIn: core.standIn)
            await fleet.enroll(count: 1, concurrency: 1) { _ in try await core.invitationURL() }
            let device = try #require(await fleet.devices.first)
            let deviceID = try #require(try await core.storage.device(hardwareID: device.hardware.udid)).id
            let team = try await ApprovalTeam.make(on: core)
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("palisade-approve-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            func keyFile(_ member: ApprovalTeam.Member) throws -> String {
                let path = directory.appendingPathComponent("\(member.id).key").path
                try member.privateKeyPEM.write(toFile: path, atomically: true, encoding: .utf8)
                return path
            }
            func approve(_ id: String, as member: ApprovalTeam.Member) throws -> (Int32, String) {
                try PalisadeUpTests.runToCompletion(["approve", "--url", core.adminURL, "--token", member.token, "--key", try keyFile(member), "--yes", id])
            }

            let (status, queued) = try await core.admin("POST", "/api/commands", .object([
                "requestType": .string("EraseDevice"), "deviceId": .string(deviceID.description),
            ]))
            #expect(status == 201)
            let id = try #require(queued["commands"]?.arrayValue?.first?["id"]?.stringValue)
            let listed = try PalisadeUpTests.runToCompletion(["approvals", "list", "--url", core.adminURL, "--token", core.token])
            #expect(listed.output.contains(id) && listed.output.contains("EraseDevice"), "\(listed.output)")

            let requester = try approve(id, as: team.requester)
            #expect(requester.0 == 0, "\(requester.1)")
            #expect(requester.1.contains("palisade-approval-v1\ncommand:\(id)\nrequest-type:EraseDevice"))
            #expect(requester.1.contains("<string>EraseDevice</string>"), "the command bytes are shown: \(requester.1)")
            #expect(requester.1.contains("signed: 0 of 2 approvers, state awaitingApproval"), "\(requester.1)")

            // A statement whose hash no longer matches the command bytes shown is not signed.
            let commandID = try #require(UUID(uuidString: id))
            let original = try #require(try await core.storage.approval(for: commandID)).statement
            var fields = try JSONDecoder().decode([String: JSONValue].self, from: original)
            fields["payloadSHA256"] = .string(String(repeating: "0", count: 64))
            let forged = String(decoding: JSONValue.object(fields).encoded(), as: UTF8.self)
            try await core.storage.database.transaction { session in
                try await session.query("UPDATE approvals SET statement = ? WHERE command_id = ?", .text(forged), .text(id.uppercased()))
            }
            let refused = try approve(id, as: team.approvers[0])
            #expect(refused.0 != 0 && refused.1.contains("do not hash to the statement"), "\(refused.1)")
            try await core.storage.database.transaction { session in
                try await session.query("UPDATE approvals SET statement = ? WHERE command_id = ?",
                                        .text(String(decoding: original, as: UTF8.self)), .text(id.uppercased()))
            }
            #expect(try await core.admin("GET", "/api/commands/\(id)").1["state"] == .string("awaitingApproval"))

            for approver in team.approvers {
                let signed = try approve(id, as: approver)
                #expect(signed.0 == 0, "\(signed.1)")
            }
            #expect(try await Polling.until(20) { await device.isErased })
            #expect(try await Polling.until(10) { try await core.admin("GET", "/api/commands/\(id)").1["state"] == .string("acknowledged") })
            let audit = try await core.admin("GET", "/api/audit-events?action=approval.sign&limit=10").1
            #expect(audit["items"]?.arrayValue?.count == 3)
            await fleet.shutdown()
            await core.stop()
        }

        @Test func aGroupLockIsSignedAsOneBatchAndEveryMemberIsLocked() async throws {
            let core = try await LiveCore.start(initialCommands: [])
            let fleet = SimulatedFleet(standIn: core.standIn)
            await fleet.enroll(count: 2, concurrency: 1) { _ in try await core.invitationURL() }
            let devices = await fleet.devices
            var members: [JSONValue] = []
            for device in devices {
                members.append(.string(try #require(try await core.storage.device(hardwareID: device.hardware.udid)).id.description))
            }
            let group = try #require(try await core.admin("POST", "/api/groups", .object(["name": .string("front desk")])).1["id"]?.stringValue)
            #expect((200..<300).contains(try await core.admin("POST", "/api/groups/\(group)/members", .object(["deviceIds": .array(members)])).0))
            let team = try await ApprovalTeam.make(on: core, approverCount: 1)
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("palisade-batch-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }

            let queued = try await core.admin("POST", "/api/commands", .object(["requestType": .string("DeviceLock"), "groupId": .string(group)])).1
            let batch = try #require(queued["batchId"]?.stringValue)
            #expect(queued["count"] == .number(2))
            for member in team.members {
                let key = directory.appendingPathComponent("\(member.id).key").path
                try member.privateKeyPEM.write(toFile: key, atomically: true, encoding: .utf8)
                let (status, output) = try PalisadeUpTests.runToCompletion([
                    "approve", "--url", core.adminURL, "--token", member.token, "--key", key, "--yes", "--batch", batch,
                ])
                #expect(status == 0, "\(output)")
                #expect(output.contains("2 command(s) of batch \(batch) wait for approval"), "\(output)")
            }
            #expect(try await Polling.until(20) {
                let done = try await core.admin("GET", "/api/commands?batch=\(batch)&state=acknowledged").1["items"]?.arrayValue?.count
                return done == 2
            })
            await fleet.shutdown()
            await core.stop()
        }
    }
}
