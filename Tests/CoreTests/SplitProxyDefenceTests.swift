import Core
import Foundation
import PalisadeCore
import Simulator
import Testing
import TestSupport

extension LiveSystemTests {
/// What the edge keeps from the cores, and what happens to devices when cores come and go.
@Suite struct SplitProxyDefenceTests {
    static func plist(_ object: [String: Any]) throws -> Data {
        try PropertyListSerialization.data(fromPropertyList: object, format: .xml, options: 0)
    }

    /// The hostile files and the malformed plists the direct-listener tests use, plus wrong types and a string
    /// beyond the guard's limit: a generated set of what a broken or malicious device might send.
    static func malformedBodies(udid: String) throws -> [(String, Data)] {
        var bodies = try LiveSystemTests.AppleDeviceRefusalTests.hostileBodies()
        bodies.append(("UDID of the wrong type", try plist(["Status": "Idle", "UDID": 42])))
        bodies.append(("Status of the wrong type", try plist(["Status": ["Idle"], "UDID": udid])))
        bodies.append(("unknown Status", try plist(["Status": "Exploited", "UDID": udid])))
        bodies.append(("string beyond the limit", try plist(["Status": "Idle", "UDID": udid, "Note": String(repeating: "x", count: 300_000)])))
        bodies.append(("not a plist at all", Data("GET / HTTP/1.1\r\n\r\n".utf8)))
        return bodies
    }

    /// Resident memory of this process, in bytes (Linux).
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
              let pages = Int(text.split(separator: " ")[1])
        else { return 0 }
        return pages * 4096
    }

    @Test func hostileAndMalformedRequestsAreRefusedAtTheEdgeAndNeverReachTheCore() async throws {
        let split = try await LiveSplit.start(eventReportInterval: .milliseconds(200))
        let fleet = SimulatedFleet(standIn: split.standIn)
        await fleet.enroll(count: 1, concurrency: 1) { _ in try await split.invitationURL() }
        let device = try #require(await fleet.devices.first)
        let idle = try Self.plist(["Status": "Idle", "UDID": device.hardware.udid])
        // Let the enrolment's own traffic (initial commands) settle, then count what reaches the core.
        _ = try await Polling.until(10) { await device.commandsAnswered.count == 2 }
        try await Task.sleep(for: .milliseconds(300))
        let before = split.relayedCount()
        let memoryBefore = Self.residentBytes()

        for (name, body) in try Self.malformedBodies(udid: device.hardware.udid) {
            for endpoint in [SimulatedAppleDevice.Endpoint.checkin, .connect] {
                // Signed by the genuine device, so only the body can be the reason.
                let reply = try await device.sendRaw(body, to: endpoint, signatureHeader: try await device.signatureHeader(for: body))
                #expect((400...413).contains(reply.status) && reply.status != 401, "\(name) to \(endpoint): \(reply.status)")
            }
        }
        let transport = try split.transport()
        // Wrong content type on check-in, a method no endpoint takes, a path outside the protocol, an oversized body.
        let checkin = try Self.plist(["MessageType": "TokenUpdate", "UDID": device.hardware.udid, "Topic": "t", "Token": Data([1]), "PushMagic": "m"])
        let wrongType = try await transport.send(.PUT, split.deviceURL + "/mdm/checkin", body: checkin, headers: [
            ("Content-Type", "text/xml"), ("Mdm-Signature", try await device.signatureHeader(for: checkin)),
        ])
        #expect(wrongType.status == 400)
        #expect(try await transport.send(.DELETE, split.deviceURL + "/mdm/connect", body: nil).status == 400)
        let outside = try await transport.send(.GET, split.deviceURL + "/api/devices", body: nil).status
        #expect([400, 403, 404].contains(outside), "\(outside)")
        #expect(try await transport.send(.GET, split.deviceURL + "/enroll/../api", body: nil).status == 400)
        #expect(try await transport.send(.PUT, split.deviceURL + "/mdm/connect", body: Data(count: 3 << 20)).status == 413)
        await transport.shutdown()

        #expect(split.relayedCount() == before, "a refused request reached the core")
        // Bounded memory: a few hundred refusals (megabyte bodies among them) leave the process roughly where it was.
        #expect(Self.residentBytes() - memoryBefore < 200 << 20)
        // The device is still managed, through the same edge, and this request does reach the core (an Idle the
        // same as one it sent a moment ago is served: it is fresh, and the core treats a repeated Idle alike).
        #expect(try await device.sendRaw(idle, to: .connect, signatureHeader: try await device.signatureHeader(for: idle)).status == 200)
        #expect(split.relayedCount() == before + 1)
        // Every refusal is in the core's audit log, reported by the edge: rule ids and where, never the body.
        let refusals = try await Polling.until(20) {
            let events = try await split.admin("GET", "/api/audit-events?action=edge.inspection.refused&limit=1000").1["items"]?.arrayValue ?? []
            return events.count >= 20
        }
        #expect(refusals)
        let sample = try await split.admin("GET", "/api/audit-events?action=edge.inspection.refused&limit=1").1["items"]?.arrayValue?.first
        #expect(sample?["detail"]?["rules"]?.arrayValue?.isEmpty == false && sample?["detail"]?["direction"] == .string("request"), "\(String(describing: sample))")
        #expect(try await split.storage.verifyAuditChain().holds)
        await fleet.shutdown()
        await split.stop()
    }

    @Test func aDeviceCannotClaimACertificateByHeaderThroughTheEdge() async throws {
        let split = try await LiveSplit.start()
        let fleet = SimulatedFleet(standIn: split.standIn)
        await fleet.enroll(count: 1, concurrency: 1) { _ in try await split.invitationURL() }
        let device = try #require(await fleet.devices.first)
        let idle = try Self.plist(["Status": "Idle", "UDID": device.hardware.udid])
        // The device's real certificate, which is no secret, sent as the edge's own header by someone else.
        let forged = Data(await device.identityDER).base64EncodedString()
        let transport = try split.transport()
        let reply = try await transport.send(.PUT, split.deviceURL + "/mdm/connect", body: idle, headers: [
            ("X-Palisade-Client-Certificate", forged), ("X-Palisade-Client-Address", "10.0.0.1"),
        ])
        #expect(reply.status == 403)
        await transport.shutdown()
        await fleet.shutdown()
        await split.stop()
    }

    @Test func devicesGet503WithoutACoreAndAreServedAgainWhenOneDialsBack() async throws {
        let split = try await LiveSplit.start()
        let fleet = SimulatedFleet(standIn: split.standIn)
        await fleet.enroll(count: 3, concurrency: 3) { _ in try await split.invitationURL() }
        let devices = await fleet.devices
        try #require(devices.count == 3)
        let acknowledged = try await Polling.until {
            try await split.storage.commands(matching: CommandFilter(state: .acknowledged), page: PageRequest(limit: 100)).items.count == 6
        }
        #expect(acknowledged)

        await split.killCore(0)
        #expect(try await Polling.until(10) { split.edge.pool.connectedCount == 0 })
        let idle = try Self.plist(["Status": "Idle", "UDID": devices[0].hardware.udid])
        let refused = try await devices[0].sendRaw(idle, to: .connect, signatureHeader: try await devices[0].signatureHeader(for: idle))
        #expect(refused.status == 503)

        // Nothing acknowledged before the crash was lost.
        #expect(try await split.storage.commands(matching: CommandFilter(state: .acknowledged), page: PageRequest(limit: 100)).items.count == 6)

        let next = try await split.startCore()
        #expect(try await Polling.until(20) { split.edge.pool.availableCount == 1 })
        let served = try await devices[0].sendRaw(idle, to: .connect, signatureHeader: try await devices[0].signatureHeader(for: idle))
        #expect(served.status == 200)
        #expect(split.relayedCount(core: next) >= 1)
        await fleet.shutdown()
        await split.stop()
    }

    @Test func withTwoCoresTheSecondTakesOverWhenTheFirstIsKilledMidLoad() async throws {
        let split = try await LiveSplit.start(cores: 2, initialCommands: [])
        let fleet = SimulatedFleet(standIn: split.standIn)
        await fleet.enroll(count: 12, concurrency: 6) { _ in try await split.invitationURL() }
        let devices = await fleet.devices
        try #require(devices.count == 12)

        // Load: three inventory commands per device, pushed; the first core dies while they are being answered.
        var ids: [String] = []
        for device in devices {
            let deviceID = try #require(try await split.storage.device(hardwareID: device.hardware.udid)).id
            for type in ["DeviceInformation", "SecurityInfo", "InstalledApplicationList"] {
                let (status, queued) = try await split.admin("POST", "/api/commands", .object([
                    "requestType": .string(type), "deviceId": .string(deviceID.description),
                ]), core: 1)
                #expect(status == 201)
                ids += queued["commands"]?.arrayValue?.compactMap { $0["id"]?.stringValue?.lowercased() } ?? []
            }
        }
        _ = try await Polling.until(10) { split.relayedCount(core: 0) > 3 }
        await split.killCore(0)
        #expect(try await Polling.until(10) { split.edge.pool.connectedCount == 1 })

        // Devices whose session broke on the crash check in again (a push, or their own schedule) and finish.
        let finished = try await Polling.until(60) {
            await fleet.checkInAll()
            let done = try await split.storage.commands(matching: CommandFilter(state: .acknowledged), page: PageRequest(limit: 1000)).items
            return Set(done.map { $0.id.description.lowercased() }).isSuperset(of: ids)
        }
        let states = try await split.storage.commands(matching: CommandFilter(), page: PageRequest(limit: 1000)).items
            .filter { ids.contains($0.id.description.lowercased()) && $0.state != .acknowledged }.map { "\($0.requestType) \($0.state)" }
        #expect(ids.count == 36)
        #expect(finished, "not acknowledged: \(states)")
        #expect(split.relayedCount(core: 1) > 0)
        await fleet.shutdown()
        await split.stop()
    }

    @Test func aDrainingCoreGetsNoNewRequestsAndDevicesSeeNoError() async throws {
        let split = try await LiveSplit.start(cores: 2, initialCommands: [])
        let fleet = SimulatedFleet(standIn: split.standIn)
        await fleet.enroll(count: 2, concurrency: 2) { _ in try await split.invitationURL() }
        let device = try #require(await fleet.devices.first)
        let idle = try Self.plist(["Status": "Idle", "UDID": device.hardware.udid])

        await split.drainCore(0)
        #expect(try await Polling.until(10) { split.edge.pool.connectedCount == 1 })
        let before = split.relayedCount(core: 1)
        for _ in 0..<3 {
            // Sent back to back: the same fresh signed Idle is served each time.
            let reply = try await device.sendRaw(idle, to: .connect, signatureHeader: try await device.signatureHeader(for: idle))
            #expect(reply.status == 200)
        }
        #expect(split.relayedCount(core: 1) == before + 3)
        await fleet.shutdown()
        await split.stop()
    }
}
}
