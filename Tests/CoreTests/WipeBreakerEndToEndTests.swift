import Core
import Foundation
import PalisadeCore
import PKI
import Simulator
import Testing
import TestSupport

extension LiveSystemTests {
    /// The edge's wipe circuit breaker with a real core and devices: past the limit every erase is held, even fully
    /// approved; a release short of the quorum changes nothing; the approvers' signed release lets the held erase go.
    @Suite struct WipeBreakerEndToEndTests {
        @Test func theBreakerTripsAtLimitPlusOneAndReleasesOnlyOnTheApproversSignedRelease() async throws {
            let split = try await LiveSplit.start(
                initialCommands: [], eventReportInterval: .milliseconds(200), wipeLimit: 1, releasePollInterval: .milliseconds(300)
            )
            let fleet = SimulatedFleet(standIn: split.standIn)
            await fleet.enroll(count: 2, concurrency: 1) { _ in try await split.invitationURL() }
            let devices = await fleet.devices
            let team = try await ApprovalTeam.make(on: split)
            split.trust(team)
            func erase(_ device: SimulatedAppleDevice) async throws -> String {
                let id = try #require(try await split.storage.device(hardwareID: device.hardware.udid)).id
                return try await team.send(.object([
                    "requestType": .string("EraseDevice"), "deviceId": .string(id.description), "push": .bool(false),
                ]), approvals: 2, on: split)
            }

            // The limit's one erase goes out.
            let first = try await erase(devices[0])
            // The approval wakes the device by push; a check-in of its own is no different.
            try await devices[0].checkIn()
            #expect(try await Polling.until(10) { await devices[0].isErased })
            #expect(try await Polling.until(10) { try await split.admin("GET", "/api/commands/\(first)").1["state"] == .string("acknowledged") })

            // The next, approved just the same, trips the breaker and is held: the device hears nothing.
            let second = try await erase(devices[1])
            try await devices[1].checkIn()
            #expect(await devices[1].isErased == false)
            #expect(await devices[1].commandsAnswered["EraseDevice"] == nil)
            #expect(try await Polling.until(10) {
                (try await split.admin("GET", "/api/wipe-breaker/trips").1["items"]?.arrayValue?.count ?? 0) == 1
            })
            let trip = try #require(try await split.admin("GET", "/api/wipe-breaker/trips").1["items"]?.arrayValue?.first)
            let tripID = try #require(trip["id"]?.stringValue)
            #expect(try await split.admin("GET", "/api/commands/\(second)").1["state"] == .string("sent"), "held, not refused")

            // One approver's release is short of the quorum of two: still held.
            let trippedAt = try #require(trip["trippedAt"]?.numberValue), expiresAt = try #require(trip["releaseExpiresAt"]?.numberValue)
            let statement = WipeBreakerRelease(trippedAt: Int64(trippedAt), expiresAt: Int64(expiresAt), signatures: []).statement
            let approver = team.approvers[0]
            let signature = try AdministratorSigningKey.sign(statement, privateKeyPEM: approver.privateKeyPEM).signature
            let (status, _) = try await split.call("POST", "/api/wipe-breaker/trips/\(tripID)/signatures", .object([
                "keyFingerprint": .string(approver.fingerprint), "signature": .string(Data(signature).base64EncodedString()),
            ]), token: approver.token)
            #expect(status == 200)
            // The edge fetches the release and says why it did not count, so the device's check-in below comes after
            // the edge has judged it, not after a guess at how long that takes.
            let ignored = try await Polling.until(10) {
                let events = try await split.admin("GET", "/api/audit-events?action=edge.wipe.release-ignored&limit=10").1["items"]?.arrayValue ?? []
                return events.contains { $0["detail"]?["trippedAt"]?.numberValue == trippedAt }
            }
            #expect(ignored, "the edge reported the release short of its quorum")
            try await devices[1].checkIn()
            #expect(await devices[1].isErased == false)

            // The second approver signs with palisade wipe-breaker release: the edge fetches the release, checks it with
            // its own keys, and lets the held erase through at the device's next check-in.
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("palisade-breaker-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let key = directory.appendingPathComponent("approver.key").path
            try team.approvers[1].privateKeyPEM.write(toFile: key, atomically: true, encoding: .utf8)
            let (released, output) = try PalisadeUpTests.runToCompletion([
                "wipe-breaker", "release", "--key", key, "--yes", tripID, "--url", split.adminURL(core: 0), "--token", team.approvers[1].token,
            ])
            #expect(released == 0, "\(output)")
            #expect(output.contains("palisade-wipe-release-v1\ntripped-at:\(Int64(trippedAt))"), "\(output)")
            #expect(try await Polling.until(10) {
                (try await split.admin("GET", "/api/wipe-breaker/trips").1["items"]?.arrayValue?.isEmpty ?? false)
            }, "the edge reported the release")
            try await devices[1].checkIn()
            #expect(try await Polling.until(10) { await devices[1].isErased })
            #expect(try await Polling.until(10) { try await split.admin("GET", "/api/commands/\(second)").1["state"] == .string("acknowledged") })
            let audit = try await split.admin("GET", "/api/audit-events?action=edge.wipe.&limit=10").1["items"]?.arrayValue ?? []
            #expect(Set(audit.compactMap { $0["action"]?.stringValue }) == ["edge.wipe.held", "edge.wipe.release-ignored", "edge.wipe.released"])

            await fleet.shutdown()
            await split.stop()
        }
    }
}
