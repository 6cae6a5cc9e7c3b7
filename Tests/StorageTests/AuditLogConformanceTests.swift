import Foundation
import PalisadeCore
import Storage
import Testing

@Suite struct AuditLogConformanceTests {
    @Test(arguments: Backend.available)
    func eventsGetIncreasingSequenceNumbersAndFilterByActionActorTargetAndTime(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            let admin = UUID()
            let device = DeviceID()
            let records = [
                AuditRecord(at: day(1), actor: .administrator(admin), action: "device.delete", target: "device:\(device)"),
                AuditRecord(at: day(2), actor: .device(device), action: "device.enroll", detail: .object(["kind": .string("appleDevice")])),
                AuditRecord(at: day(3), actor: .system, action: "command.prune", detail: .object(["count": .number(12)])),
                AuditRecord(at: day(4), actor: .administrator(admin), action: "devices.export"),
            ]
            var sequences: [Int64] = []
            for record in records { sequences.append(try await store.append(record).sequence) }
            #expect(sequences == sequences.sorted())
            #expect(Set(sequences).count == 4)

            func actions(_ filter: AuditFilter) async throws -> [String] {
                try await store.events(matching: filter, page: PageRequest()).items.map(\.action)
            }
            #expect(try await actions(AuditFilter()) == ["devices.export", "command.prune", "device.enroll", "device.delete"])
            #expect(try await actions(AuditFilter(action: "device.")) == ["device.enroll", "device.delete"])
            #expect(try await actions(AuditFilter(action: "device.delete")) == ["device.delete"])
            #expect(try await actions(AuditFilter(actor: .administrator(admin))) == ["devices.export", "device.delete"])
            #expect(try await actions(AuditFilter(target: "device:\(device)")) == ["device.delete"])
            #expect(try await actions(AuditFilter(since: day(2), until: day(4))) == ["command.prune", "device.enroll"])

            let stored = try await store.events(matching: AuditFilter(action: "device.enroll"), page: PageRequest()).items[0]
            #expect(stored.actor == .device(device))
            #expect(stored.detail == .object(["kind": .string("appleDevice")]))
            #expect(stored.at == day(2))

            let first = try await store.events(matching: AuditFilter(), page: PageRequest(limit: 3))
            let rest = try await store.events(matching: AuditFilter(), page: PageRequest(limit: 3, cursor: first.nextCursor))
            #expect(first.items.count == 3)
            #expect(rest.items.map(\.action) == ["device.delete"])
            #expect(rest.nextCursor == nil)
        }
    }
}
