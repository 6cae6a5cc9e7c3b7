import Core
import Foundation
import PalisadeCore
import Simulator
import Testing
import TestSupport

extension LiveSystemTests {
/// The edge serves an exact copy of a fresh signed message (it keeps no memory of signatures), so the core must
/// not be moved by one. Results are idempotent in the queue; an Authenticate is recognised as a copy here.
@Suite struct ExactCopyTests {
    @Test func aCopyOfAnAuthenticateActedOnChangesNothingWhereTheFirstResetTheEnrolment() async throws {
        let split = try await LiveSplit.start(initialCommands: [])
        let fleet = SimulatedFleet(standIn: split.standIn)
        await fleet.enroll(count: 1, concurrency: 1) { _ in try await split.invitationURL() }
        let device = try #require(await fleet.devices.first)
        let udid = device.hardware.udid
        let enrolled = try #require(try await split.storage.appleEnrollment(udid))
        #expect(enrolled.pushToken != nil)

        let authenticate = try PropertyListSerialization.data(fromPropertyList: [
            "MessageType": "Authenticate", "UDID": udid, "Topic": try #require(enrolled.topic),
            "BuildVersion": device.hardware.buildVersion, "OSVersion": device.hardware.osVersion,
            "ProductName": device.hardware.productName, "SerialNumber": device.hardware.serialNumber,
        ] as [String: Any], format: .xml, options: 0)
        let signature = try await device.signatureHeader(for: authenticate)
        // Acted on the first time: the enrolment starts again and waits for a TokenUpdate.
        #expect(try await device.sendRaw(authenticate, to: .checkin, signatureHeader: signature).status == 200)
        #expect(try await split.storage.appleEnrollment(udid)?.pushToken == nil)
        let tokenUpdate = try PropertyListSerialization.data(fromPropertyList: [
            "MessageType": "TokenUpdate", "UDID": udid, "Topic": try #require(enrolled.topic), "Token": try #require(enrolled.pushToken),
            "PushMagic": try #require(enrolled.pushMagic),
        ] as [String: Any], format: .xml, options: 0)
        #expect(try await device.sendRaw(tokenUpdate, to: .checkin, signatureHeader: try await device.signatureHeader(for: tokenUpdate)).status == 200)
        #expect(try await split.storage.appleEnrollment(udid)?.pushToken == enrolled.pushToken)

        // The same bytes and signature again, as the edge lets through within its freshness window: accepted, and
        // the push token stays.
        #expect(try await device.sendRaw(authenticate, to: .checkin, signatureHeader: signature).status == 200)
        let after = try #require(try await split.storage.appleEnrollment(udid))
        #expect(after.pushToken == enrolled.pushToken && after.checkedOutAt == nil)

        await fleet.shutdown()
        await split.stop()
    }
}
}
