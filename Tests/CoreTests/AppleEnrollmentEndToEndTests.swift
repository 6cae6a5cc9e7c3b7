import Core
import Foundation
import PalisadeCore
import Simulator
import Testing
import TestSupport

extension LiveSystemTests {
/// Simulated iPhones and iPads enrol into a real core over TLS and are managed through the admin API, with
/// pushes through the APNs stand-in: the whole Apple flow, nothing mocked on the server side.
@Suite struct AppleEnrollmentEndToEndTests {
    @Test func fiftyDevicesEnrolAnswerInventoryAndALockIsPushedFetchedAndAcknowledged() async throws {
        let core = try await LiveCore.start()
        let fleet = SimulatedFleet(standIn: core.standIn)
        await fleet.enroll(count: 50, concurrency: 8, lockDuration: .seconds(2)) { _ in try await core.invitationURL() }
        let failures = await fleet.failures
        #expect(failures.isEmpty, "\(failures)")
        let devices = await fleet.devices
        #expect(devices.count == 50)

        let enrolled = try await core.storage.devices(matching: DeviceFilter(enrollmentState: .enrolled), page: PageRequest(limit: 100))
        #expect(enrolled.items.count == 50)

        // Inventory: both initial commands acknowledged for every device, and DeviceInformation applied.
        let inventoried = try await Polling.until {
            let done = try await core.storage.commands(matching: CommandFilter(state: .acknowledged), page: PageRequest(limit: 1000))
            return done.items.count >= 100
        }
        #expect(inventoried)
        let answered = try await core.storage.commands(matching: CommandFilter(state: .acknowledged), page: PageRequest(limit: 1000)).items
        #expect(Set(answered.filter { $0.requestType == "DeviceInformation" }.map(\.deviceID)).count == 50)
        #expect(Set(answered.filter { $0.requestType == "InstalledApplicationList" }.map(\.deviceID)).count == 50)
        let first = devices[0].hardware
        let stored = try #require(try await core.storage.device(hardwareID: first.udid))
        #expect(stored.model == first.productName)
        #expect(stored.osVersion == first.osVersion)
        #expect(stored.osBuild == first.buildVersion)
        #expect(stored.serialNumber == first.serialNumber)
        #expect(stored.maker == "Apple")

        // A lock through the admin API: held for approval (one approver besides the requester), then pushed to the
        // stand-in, fetched, acknowledged.
        let team = try await ApprovalTeam.make(on: core, approverCount: 1)
        await core.standIn.resetRecord()
        let target = devices[3]
        let targetID = try #require(try await core.storage.device(hardwareID: target.hardware.udid)).id
        let (status, queued) = try await core.admin("POST", "/api/commands", .object([
            "requestType": .string("DeviceLock"), "deviceId": .string(targetID.description),
            "payload": .object(["Message": .string("Return to IT"), "PhoneNumber": .string("+44 20 7946 0000")]),
        ]))
        #expect(status == 201)
        let lockID = try #require(queued["commands"]?.arrayValue?.first?["id"]?.stringValue)
        #expect(queued["commands"]?.arrayValue?.first?["state"] == .string("awaitingApproval"))
        try await team.approve(lockID, approvals: 1, on: core)
        let token = await target.pushToken
        #expect(await core.standIn.waitForDeliveries(1, timeout: .seconds(10)))
        let locked = try await Polling.until(20) {
            try await core.admin("GET", "/api/commands/\(lockID)").1["state"] == .string("acknowledged")
        }
        #expect(locked)
        // The device acknowledged the lock after the push that woke it, so any push made for the lock has arrived by
        // now: exactly one, the approval's. A push on the request, before approval, would make it two.
        #expect(await core.standIn.deliveries.filter { $0.token == token }.count == 1, "nothing is pushed before the approval")

        // NotNow: a second device is locked and, in the same session, handed a command that needs it unlocked.
        // It answers NotNow, the command waits, and the device's own check-in on unlocking retries it.
        let second = devices[7]
        let secondID = try #require(try await core.storage.device(hardwareID: second.hardware.udid)).id
        _ = try await team.send(.object([
            "requestType": .string("DeviceLock"), "deviceId": .string(secondID.description), "push": .bool(false),
        ]), approvals: 1, on: core)
        let (_, profiles) = try await core.admin("POST", "/api/commands", .object([
            "requestType": .string("ProfileList"), "deviceId": .string(secondID.description),
        ]))
        let profileListID = try #require(profiles["commands"]?.arrayValue?.first?["id"]?.stringValue)
        let deferred = try await Polling.until(20) { await second.notNowAnswered >= 1 }
        #expect(deferred)
        let retried = try await Polling.until(20) {
            try await core.admin("GET", "/api/commands/\(profileListID)").1["state"] == .string("acknowledged")
        }
        #expect(retried)
        let shown = try await core.admin("GET", "/api/commands/\(profileListID)").1
        #expect(shown["result"]?["ProfileList"]?.arrayValue?.isEmpty == false)

        let audit = try await core.admin("GET", "/api/audit-events?action=device.enroll&limit=100").1
        #expect(audit["items"]?.arrayValue?.count == 50)
        await fleet.shutdown()
        await core.stop()
    }

    @Test func anErasedDeviceReenrolsWithAFreshIdentityAndItsOldIdentityStopsWorking() async throws {
        let core = try await LiveCore.start(initialCommands: [])
        let fleet = SimulatedFleet(standIn: core.standIn)
        await fleet.enroll(count: 1, concurrency: 1) { _ in try await core.invitationURL() }
        let old = try #require(await fleet.devices.first)
        let deviceID = try #require(try await core.storage.device(hardwareID: old.hardware.udid)).id

        let team = try await ApprovalTeam.make(on: core)
        let eraseID = try await team.send(.object([
            "requestType": .string("EraseDevice"), "deviceId": .string(deviceID.description),
        ]), approvals: 2, on: core)
        #expect(try await Polling.until(20) { await old.isErased })
        #expect(try await core.admin("GET", "/api/commands/\(eraseID)").1["state"] == .string("acknowledged"))

        // The same hardware, wiped, enrols again through a new invitation.
        let fresh = SimulatedAppleDevice(hardware: old.hardware)
        let transport = try SimulatorTransport(trusting: [try #require(try EnrollmentProfileContents(
            try await SimulatorTransport.fetchProfile(try await core.invitationURL())).trustedCertificate)])
        try await fresh.enroll(profile: try await SimulatorTransport.fetchProfile(try await core.invitationURL()), transport: transport)
        let idle = try PropertyListSerialization.data(fromPropertyList: ["Status": "Idle", "UDID": old.hardware.udid], format: .xml, options: 0)
        #expect(try await fresh.sendRaw(idle, to: .connect, signatureHeader: try await fresh.signatureHeader(for: idle)).status == 200)
        #expect(try await old.sendRaw(idle, to: .connect, signatureHeader: try await old.signatureHeader(for: idle)).status == 403)
        // One device record, re-enrolled: the audit trail says so.
        #expect(try await core.storage.devices(matching: DeviceFilter(), page: PageRequest()).items.count == 1)
        let actions = try await core.admin("GET", "/api/audit-events?action=device.").1["items"]?.arrayValue?.compactMap { $0["action"]?.stringValue }
        #expect(actions?.contains("device.reenroll") == true)
        await transport.shutdown()
        await fleet.shutdown()
        await core.stop()
    }

    @Test func aDeviceAuthenticatingWithItsTLSClientCertificateIsManagedAndBoundLikeASignedOne() async throws {
        let core = try await LiveCore.start(initialCommands: ["DeviceInformation"])
        let alice = try await core.enrolWithTLSClientCertificate(index: 900)
        let bob = try await core.enrolWithTLSClientCertificate(index: 901)
        let id = try #require(try await core.storage.device(hardwareID: alice.hardware.udid)).id
        let answered = try await core.storage.commands(matching: CommandFilter(deviceID: id, state: .acknowledged), page: PageRequest())
        #expect(answered.items.map(\.requestType) == ["DeviceInformation"])
        #expect(try await core.storage.device(id)?.model == alice.hardware.productName)

        // Bob's certificate in the handshake cannot speak for Alice's enrolment.
        let idle = try PropertyListSerialization.data(fromPropertyList: ["Status": "Idle", "UDID": alice.hardware.udid], format: .xml, options: 0)
        #expect(try await alice.sendRaw(idle, to: .connect, signatureHeader: nil).status == 200)
        #expect(try await bob.sendRaw(idle, to: .connect, signatureHeader: nil).status == 403)
        await alice.shutdown()
        await bob.shutdown()
        await core.stop()
    }
}
}
