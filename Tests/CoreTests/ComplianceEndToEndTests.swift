import Compliance
import Core
import Foundation
import PalisadeCore
@testable import Storage
import Simulator
import Testing
import TestSupport

extension LiveSystemTests {
    /// A policy's graded actions on a live core with an enrolled simulated iPhone: notify, then after the grace the
    /// restrictions profile and a blocked verdict, a lock announced for the approval quorum but never sent, and
    /// everything undone once the device complies.
    @Suite struct ComplianceEndToEndTests {
        static func settings() -> ComplianceSettings {
            var settings = ComplianceSettings()
            var policy = RiskTier.standard.defaultPolicy
            policy.name = "vpn-required"
            policy.rules = ComplianceRules(requiredApps: ["com.example.vpn"])
            policy.graceDays = 1
            policy.actions = [.init(.notify, afterDays: 0), .init(.restrict, afterDays: 1), .init(.blockAccess, afterDays: 1), .init(.lock, afterDays: 2)]
            settings.policies = [policy]
            settings.defaultPolicy = "vpn-required"
            settings.intervalSeconds = 0
            settings.organization = "Example Ministry"
            return settings
        }

        @Test func gradedActionsFollowTheVerdictAndAreUndoneOnRecovery() async throws {
            let core = try await LiveCore.start(compliance: Self.settings())
            let fleet = SimulatedFleet(standIn: core.standIn)
            await fleet.enroll(count: 1, concurrency: 1) { _ in try await core.invitationURL() }
            let simulated = try #require(await fleet.devices.first)
            let device = try #require(try await core.storage.device(hardwareID: simulated.hardware.udid))
            #expect(try await core.storage.posture(of: device.id)?.appsReportedAt != nil, "the enrolment's InstalledApplicationList was recorded")

            // First evaluation: failing (no VPN app), in grace, notified.
            let (status, first) = try await core.admin("POST", "/api/compliance/evaluate")
            #expect(status == 200)
            #expect(first["actionsTaken"] == .object(["notify": .number(1)]))
            let (_, verdict) = try await core.admin("GET", "/api/compliance/devices/\(device.id)")
            #expect(verdict["verdict"] == .string("in-grace") && verdict["accessBlocked"] == .bool(false))
            #expect(verdict["reasons"]?.arrayValue?.first?["message"] == .string("required app com.example.vpn is not installed"))

            // Three days later by its record: past the grace, restrict and block are due, and the lock (two days).
            var record = try #require(try await core.storage.complianceRecord(of: device.id))
            record.failingSince = Date().addingTimeInterval(-3 * 86_400)
            try await core.storage.saveComplianceRecords([record])
            let (_, second) = try await core.admin("POST", "/api/compliance/evaluate")
            #expect(second["actionsTaken"] == .object(["restrict": .number(1), "block-access": .number(1), "lock": .number(1)]))
            let (_, blocked) = try await core.admin("GET", "/api/compliance/devices/\(device.id)")
            #expect(blocked["verdict"] == .string("non-compliant") && blocked["accessBlocked"] == .bool(true))
            #expect(blocked["actionsTaken"] == .array(["notify", "restrict", "block-access", "lock"].map(JSONValue.string)))
            let commands = try await core.storage.commands(matching: CommandFilter(deviceID: device.id), page: PageRequest(limit: 100)).items
            let install = try #require(commands.first { $0.requestType == "InstallProfile" })
            let profile = try #require(install.payload["Payload"]?.stringValue.flatMap { Data(base64Encoded: $0) })
            #expect(String(decoding: profile, as: UTF8.self).contains("org.palisade.compliance.restrictions"))
            #expect(String(decoding: profile, as: UTF8.self).contains("Example Ministry"))
            // The device fetches the profile as Apple's wire format (the payload converts to a data field). The push
            // the evaluation sent may already have the device in a session, in which case this check-in only asks it
            // for one more: wait for the delivery rather than for the call.
            try await simulated.checkIn()
            let delivered = try await Polling.until(20) {
                [.sent, .acknowledged].contains(try await core.storage.command(install.id)?.state)
            }
            let state = try await core.storage.command(install.id)?.state
            #expect(delivered, "\(String(describing: state))")
            // The lock is announced for administrators to request with their keys, never queued by the core.
            #expect(!commands.contains { $0.requestType == "DeviceLock" })
            let due = try await core.storage.events(matching: AuditFilter(action: "compliance.action-due"), page: PageRequest(limit: 10)).items
            #expect(due.count == 1 && due.first?.detail["action"] == .string("lock"))
            // Actions are taken once a spell: a third evaluation takes none.
            let (_, third) = try await core.admin("POST", "/api/compliance/evaluate")
            #expect(third["actionsTaken"] == .object([:]))

            // The device installs the VPN app: compliant, restrictions removed, access restored.
            try await core.storage.recordInstalledApps(of: device.id, identifiers: ["com.example.vpn", "com.apple.mobilesafari"], at: Date())
            let (_, recovered) = try await core.admin("POST", "/api/compliance/evaluate")
            #expect(recovered["actionsTaken"] == .object(["restore": .number(1)]))
            let (_, cleared) = try await core.admin("GET", "/api/compliance/devices/\(device.id)")
            #expect(cleared["verdict"] == .string("compliant") && cleared["accessBlocked"] == .bool(false) && cleared["actionsTaken"] == .array([]))
            let after = try await core.storage.commands(matching: CommandFilter(deviceID: device.id), page: PageRequest(limit: 100)).items
            #expect(after.contains { $0.requestType == "RemoveProfile" && $0.payload["Identifier"] == .string("org.palisade.compliance.restrictions") })

            // It leaves management: its compliant verdict does not outlive it.
            try await core.storage.endEnrollment(of: device.id, at: Date())
            let (_, unenrolled) = try await core.admin("POST", "/api/compliance/evaluate")
            #expect(unenrolled["actionsTaken"] == .object(["unmanaged": .number(1)]) && unenrolled["devices"] == .number(0))
            let (_, gone) = try await core.admin("GET", "/api/compliance/devices/\(device.id)")
            #expect(gone["accessBlocked"] == .bool(true) && gone["policy"] == .string("unmanaged"))
            #expect(gone["reasons"]?.arrayValue?.first?["rule"] == .string("enrolment"))
            let (_, again) = try await core.admin("POST", "/api/compliance/evaluate")
            #expect(again["actionsTaken"] == .object([:]), "told once")
            await fleet.shutdown()
            await core.stop()
        }
    }
}
