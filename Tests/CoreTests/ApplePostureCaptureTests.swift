import Core
import Foundation
import PalisadeCore
import Simulator
import Storage
import Testing
import TestSupport

extension LiveSystemTests {
/// Simulated devices enrol and answer the initial commands; their answers become posture and patch
/// observations, and a store that cannot keep posture never costs a device its session.
@Suite struct ApplePostureCaptureTests {
    static let commands = ["DeviceInformation", "SecurityInfo", "InstalledApplicationList"]

    @Test func securityInfoDeviceInformationAndTheAppListBecomeThePostureAndTheBuildAnObservation() async throws {
        let core = try await LiveCore.start(initialCommands: Self.commands)
        let fleet = SimulatedFleet(standIn: core.standIn)
        await fleet.enroll(count: 3, concurrency: 3) { _ in try await core.invitationURL() }
        let failures = await fleet.failures
        #expect(failures.isEmpty, "\(failures)")
        let devices = await fleet.devices
        let answered = try await Polling.until {
            try await core.storage.commands(matching: CommandFilter(state: .acknowledged), page: PageRequest(limit: 100)).items.count >= 9
        }
        #expect(answered)

        for simulated in devices {
            let id = try #require(try await core.storage.device(hardwareID: simulated.hardware.udid)).id
            let posture = try #require(try await core.storage.posture(of: id))
            // The simulator reports HardwareEncryptionCaps 3 with a passcode set: data protection is on.
            #expect(posture.passcodePresent == true && posture.passcodeCompliant == true && posture.encrypted == true)
            #expect(posture.supervised == true)
            #expect(posture.installedApps == ["com.apple.mobilesafari", "com.microsoft.Office.Outlook", "org.whispersystems.signal"])
            #expect(posture.appsReportedAt != nil)
            let shown = try await core.admin("GET", "/api/devices/\(id)/posture")
            #expect(shown.0 == 200 && shown.1["encrypted"] == .bool(true) && shown.1["deviceId"] == .string(id.description))
        }

        // One observation per model and build, counting each device once although Authenticate and
        // DeviceInformation both reported the build.
        var expected: [String: Int] = [:]
        for simulated in devices { expected["\(simulated.hardware.productName) \(simulated.hardware.buildVersion)", default: 0] += 1 }
        let observations = try await core.storage.patchObservations()
        #expect(Dictionary(uniqueKeysWithValues: observations.map { ("\($0.model) \($0.level)", $0.deviceCount) }) == expected)
        #expect(observations.allSatisfy { $0.platform == .ios && $0.maker == "Apple" })
        await fleet.shutdown()
        await core.stop()
    }

    @Test func aStoreThatCannotKeepPostureNeverFailsTheDevicesRequests() async throws {
        let core = try await LiveCore.start(initialCommands: Self.commands)
        // Beside the running core: without these tables every posture and observation write fails.
        let database = try SQLiteDatabase(path: core.directory.appendingPathComponent("palisade.sqlite").path)
        try await database.transaction { session in
            try await session.query("DROP TABLE device_postures", [])
            try await session.query("DROP TABLE patch_observations", [])
            return ()
        }
        await database.close()

        let fleet = SimulatedFleet(standIn: core.standIn)
        await fleet.enroll(count: 1, concurrency: 1) { _ in try await core.invitationURL() }
        let failures = await fleet.failures
        #expect(failures.isEmpty, "enrolment and the command session answered 200: \(failures)")
        let simulated = try #require(await fleet.devices.first)
        let device = try #require(try await core.storage.device(hardwareID: simulated.hardware.udid))
        let answered = try await Polling.until(20) {
            try await core.storage.commands(matching: CommandFilter(deviceID: device.id, state: .acknowledged), page: PageRequest()).items.count == 3
        }
        #expect(answered)
        await #expect(throws: StoreError.self, "the posture store really is broken") { try await core.storage.posture(of: device.id) }
        // The inventory, written before the posture, is there.
        #expect(try await core.storage.device(device.id)?.osBuild == simulated.hardware.buildVersion)
        await fleet.shutdown()
        await core.stop()
    }
}
}
