import Foundation
import PalisadeCore
import Storage
import Testing

/// Compliance verdicts and catalogue documents, on every backend.
@Suite struct ComplianceStoreConformanceTests {
    @Test(arguments: Backend.available)
    func recordsAreUpsertedReadBackAndGoWithTheirDevice(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            let kept = makeDevice(serial: "C1")
            let deleted = makeDevice(serial: "C2")
            try await store.createDevice(kept)
            try await store.createDevice(deleted)
            let failing = ComplianceRecord(
                deviceID: kept.id, policy: "high-threat", verdict: .nonCompliant,
                reasons: [ComplianceReason(rule: "patchAge", message: "patch is 40 days behind (limit 30)")], failingSince: day(-3),
                actionsTaken: ["notify", "restrict"], accessBlocked: true, evaluatedAt: day(0)
            )
            let other = ComplianceRecord(
                deviceID: deleted.id, policy: "standard", verdict: .compliant, reasons: [], failingSince: nil, actionsTaken: [], accessBlocked: false,
                evaluatedAt: day(0)
            )
            try await store.saveComplianceRecords([failing, other])
            #expect(try await store.complianceRecord(of: kept.id) == failing)
            #expect(try await store.complianceRecords() == [kept.id: failing, deleted.id: other])

            var recovered = failing
            recovered.verdict = .compliant
            recovered.reasons = []
            recovered.failingSince = nil
            recovered.actionsTaken = []
            recovered.accessBlocked = false
            recovered.evaluatedAt = day(1)
            try await store.saveComplianceRecords([recovered])
            #expect(try await store.complianceRecord(of: kept.id) == recovered)

            _ = try await store.deleteDevice(deleted.id)
            #expect(try await store.complianceRecords() == [kept.id: recovered])
            // A record for a device deleted after the evaluation read it is dropped, not an error.
            try await store.saveComplianceRecords([other])
            #expect(try await store.complianceRecord(of: deleted.id) == nil)
        }
    }

    @Test(arguments: Backend.available)
    func anOutcomeKeepsItsVerdictCommandsAndAuditEventsTogether(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            let device = makeDevice(serial: "C3")
            try await store.createDevice(device)
            let earlier = Command(deviceID: device.id, requestType: "DeviceInformation", payload: .object([:]), createdAt: day(0))
            try await store.enqueue([earlier])
            let headBefore = try await store.auditChainHead()
            let restricted = ComplianceRecord(
                deviceID: device.id, policy: "high-threat", verdict: .nonCompliant,
                reasons: [ComplianceReason(rule: "patchAge", message: "patch is 40 days behind (limit 30)")], failingSince: day(-3),
                actionsTaken: ["restrict"], accessBlocked: true, evaluatedAt: day(0)
            )
            let install = Command(deviceID: device.id, requestType: "InstallProfile", payload: .object([:]), createdAt: day(0))
            let audit = AuditRecord(at: day(0), actor: .system, action: "compliance.restrict", target: "device:\(device.id)")

            // The last insert fails (the id is taken) after the verdict, the audit event and one command were written:
            // none of them is kept, and the audit chain's head is where it was.
            let clash = Command(id: earlier.id, deviceID: device.id, requestType: "InstallProfile", payload: .object([:]), createdAt: day(0))
            await #expect(throws: StoreError.self) {
                try await store.saveComplianceOutcome(DeviceComplianceOutcome(record: restricted, commands: [install, clash], audits: [audit]))
            }
            #expect(try await store.complianceRecord(of: device.id) == nil)
            #expect(try await store.command(install.id) == nil)
            #expect(try await store.events(matching: AuditFilter(action: "compliance.restrict"), page: PageRequest(limit: 10)).items.isEmpty)
            #expect(try await store.auditChainHead() == headBefore)

            // The same outcome without the clash is kept whole, chained into the log.
            #expect(try await store.saveComplianceOutcome(DeviceComplianceOutcome(record: restricted, commands: [install], audits: [audit])))
            #expect(try await store.complianceRecord(of: device.id) == restricted)
            #expect(try await store.command(install.id)?.state == .queued)
            let events = try await store.events(matching: AuditFilter(action: "compliance.restrict"), page: PageRequest(limit: 10)).items
            #expect(events.map(\.target) == ["device:\(device.id)"])
            let report = try await store.verifyAuditChain()
            let head = try await store.auditChainHead()
            #expect(report.broken == nil && report.head == head)

            // A device deleted since the evaluation read it gets nothing: no verdict, no command, no event.
            _ = try await store.deleteDevice(device.id)
            var gone = restricted
            gone.evaluatedAt = day(1)
            let again = Command(deviceID: device.id, requestType: "InstallProfile", payload: .object([:]), createdAt: day(1))
            #expect(try await !store.saveComplianceOutcome(DeviceComplianceOutcome(record: gone, commands: [again], audits: [audit])))
            #expect(try await store.command(again.id) == nil)
            #expect(try await store.events(matching: AuditFilter(action: "compliance.restrict"), page: PageRequest(limit: 10)).items.count == 1)
        }
    }

    @Test(arguments: Backend.available)
    func catalogueDocumentsAreReplacedByPrefixInOneGo(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            #expect(try await store.catalogueDocuments().isEmpty)
            let overrides = CatalogueDocument(name: "overrides.json", content: Data("{}".utf8), updatedAt: day(0), updatedBy: "ada")
            try await store.replaceCatalogueDocuments([overrides], prefix: "overrides.json")
            let first = [
                CatalogueDocument(name: "sources/endoflife/products/pixel.md", content: Data("---\n".utf8), updatedAt: day(1), updatedBy: "ada"),
                CatalogueDocument(name: "sources/sofa/ios_data_feed.json", content: Data([0, 1, 2, 255]), updatedAt: day(1), updatedBy: nil),
            ]
            try await store.replaceCatalogueDocuments(first, prefix: "sources/")
            #expect(try await store.catalogueDocuments() == [overrides] + first)
            // A refresh replaces every source, including ones the new set no longer has; the overrides stay.
            let second = [CatalogueDocument(name: "sources/sofa/ios_data_feed.json", content: Data("[]".utf8), updatedAt: day(2), updatedBy: "bob")]
            try await store.replaceCatalogueDocuments(second, prefix: "sources/")
            #expect(try await store.catalogueDocuments() == [overrides] + second)
            // `_` and `%` in a prefix are characters, not wildcards.
            try await store.replaceCatalogueDocuments([], prefix: "sources_")
            #expect(try await store.catalogueDocuments().count == 2)
        }
    }
}
