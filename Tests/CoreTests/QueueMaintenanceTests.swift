import Core
import Foundation
import Logging
import PalisadeCore
import Storage
import Testing

@Suite struct QueueMaintenanceTests {
    @Test func overdueCommandsAndUnsignedApprovalsExpireAndTheExpiryIsAudited() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("palisade-maintenance-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let storage = try await SQLStorage.sqlite(path: directory.appendingPathComponent("palisade.sqlite").path)
        let device = Device(platform: .ios, createdAt: Date())
        try await storage.createDevice(device)
        let past = Date().addingTimeInterval(-60)
        let overdue = Command(deviceID: device.id, requestType: "DeviceInformation", createdAt: past.addingTimeInterval(-60), expiresAt: past)
        let unsigned = Command(
            deviceID: device.id, requestType: "EraseDevice", state: .awaitingApproval, createdAt: past.addingTimeInterval(-60), expiresAt: past
        )
        try await storage.enqueue([overdue])
        try await storage.enqueue([unsigned], awaiting: [CommandApproval(
            commandID: unsigned.id, deviceID: device.id, requestType: "EraseDevice", target: "UDID", requester: UUID(), statement: Data("{}".utf8),
            sealedPayload: Data([1]), required: 2, createdAt: past.addingTimeInterval(-60), expiresAt: past
        )])
        await QueueMaintenance(queue: storage, clock: SystemWallClock(), retentionDays: 30, audit: storage, logger: Logger(label: "test")).runOnce()
        #expect(try await storage.command(overdue.id)?.state == .expired)
        #expect(try await storage.command(unsigned.id)?.state == .expired)
        let events = try await storage.events(matching: AuditFilter(action: "command.expire"), page: PageRequest())
        #expect(events.items.first?.detail["count"] == .number(2))
        await storage.close()
    }
}
