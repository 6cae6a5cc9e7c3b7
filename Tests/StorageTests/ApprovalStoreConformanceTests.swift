import Foundation
import PalisadeCore
import Storage
import Testing

/// Approvals on each backend: a command waiting for approvers is never handed to its device, signatures gather
/// under a lock, the quorum queues the command in the same transaction, and unsigned approvals expire.
@Suite struct ApprovalStoreConformanceTests {
    private func waiting(in store: SQLStorage, expires: Date = day(2)) async throws -> (Command, CommandApproval) {
        let device = makeDevice()
        try await store.createDevice(device)
        let command = Command(
            deviceID: device.id, requestType: "EraseDevice", state: .awaitingApproval, requestedBy: UUID(), createdAt: day(0), expiresAt: expires
        )
        let approval = CommandApproval(
            commandID: command.id, deviceID: device.id, requestType: "EraseDevice", target: "UDID-1", requester: command.requestedBy!,
            statement: Data(#"{"commandUUID":"x"}"#.utf8), sealedPayload: Data([1, 2, 3]), required: 2, createdAt: day(0), expiresAt: expires
        )
        try await store.enqueue([command], awaiting: [approval])
        return (command, approval)
    }

    private func signature(_ admin: UUID = UUID(), key: String = UUID().uuidString, byRequester: Bool = false) -> CommandApproval.Signature {
        CommandApproval.Signature(administratorID: admin, keyFingerprint: key, signature: [9, 9], byRequester: byRequester, signedAt: day(1))
    }

    @Test(arguments: Backend.available)
    func aWaitingCommandIsNeverDeliveredUntilTheQuorumQueuesIt(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            let (command, approval) = try await waiting(in: store)
            #expect(try await store.approval(for: command.id) == approval)
            let session = try await store.beginSession(for: command.deviceID)
            #expect(try await store.nextCommand(for: command.deviceID, session: session, at: day(1)) == nil)

            let quorum: @Sendable (CommandApproval) -> Bool = { $0.requesterSigned && $0.approverCount >= $0.required }
            let (first, stillWaiting) = try await store.addSignature(signature(byRequester: true), to: command.id, at: day(1), isApproved: quorum)
            #expect(first.signatures.count == 1 && stillWaiting.state == .awaitingApproval && first.approvedAt == nil)
            _ = try await store.addSignature(signature(), to: command.id, at: day(1), isApproved: quorum)
            #expect(try await store.nextCommand(for: command.deviceID, session: session, at: day(1)) == nil)
            let (approved, queued) = try await store.addSignature(signature(), to: command.id, at: day(1), isApproved: quorum)
            #expect(queued.state == .queued && approved.approvedAt != nil && approved.approverCount == 2)
            #expect(try await store.nextCommand(for: command.deviceID, session: session, at: day(1))?.id == command.id)

            let late = await #expect(throws: StoreError.self) {
                try await store.addSignature(signature(), to: command.id, at: day(1), isApproved: quorum)
            }
            #expect(late?.caseName == "invalidState")
        }
    }

    @Test(arguments: Backend.available)
    func aKeySignsOnceAndTheListShowsOnlyWhatWaits(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            let (command, _) = try await waiting(in: store)
            let (other, _) = try await waiting(in: store)
            let once = signature(key: "sha256:same")
            _ = try await store.addSignature(once, to: command.id, at: day(1)) { _ in false }
            let again = await #expect(throws: StoreError.self) {
                try await store.addSignature(once, to: command.id, at: day(1)) { _ in false }
            }
            #expect(again?.caseName == "conflict")
            #expect(try await store.approvals(awaitingOnly: true, page: PageRequest()).items.count == 2)
            _ = try await store.cancel(other.id, at: day(1))
            let waitingNow = try await store.approvals(awaitingOnly: true, page: PageRequest())
            #expect(waitingNow.items.map(\.commandID) == [command.id])
            #expect(try await store.approvals(awaitingOnly: false, page: PageRequest()).items.count == 2)
            let firstPage = try await store.approvals(awaitingOnly: false, page: PageRequest(limit: 1))
            let secondPage = try await store.approvals(awaitingOnly: false, page: PageRequest(limit: 1, cursor: firstPage.nextCursor))
            #expect(Set(firstPage.items.map(\.commandID) + secondPage.items.map(\.commandID)) == [command.id, other.id])
            #expect(secondPage.nextCursor == nil)
        }
    }

    @Test(arguments: Backend.available)
    func anUnsignedApprovalExpiresWithItsCommand(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            let (command, _) = try await waiting(in: store, expires: day(1))
            #expect(try await store.expireCommands(at: day(2)) == 1)
            #expect(try await store.command(command.id)?.state == .expired)
            #expect(try await store.approvals(awaitingOnly: true, page: PageRequest()).items.isEmpty)
        }
    }

    @Test(arguments: Backend.available)
    func aTripIsRecordedOnceGathersReleaseSignaturesAndCloses(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            let trip = WipeBreakerTrip(edge: "sha256:edge", trippedAt: 1_800_000_000, reportedAt: day(0), releaseExpiresAt: 1_800_086_400)
            #expect(try await store.recordWipeBreakerTrip(trip) == trip)
            var later = trip
            later.releaseExpiresAt = 1
            #expect(try await store.recordWipeBreakerTrip(later).releaseExpiresAt == trip.releaseExpiresAt)
            let signed = try await store.addReleaseSignature(signature(key: "sha256:a"), edge: trip.edge, trippedAt: trip.trippedAt)
            #expect(signed.signatures.count == 1)
            let twice = await #expect(throws: StoreError.self) {
                try await store.addReleaseSignature(signature(key: "sha256:a"), edge: trip.edge, trippedAt: trip.trippedAt)
            }
            #expect(twice?.caseName == "conflict")
            #expect(try await store.openWipeBreakerTrips().count == 1)
            try await store.markWipeBreakerReleased(edge: trip.edge, trippedAt: trip.trippedAt, at: day(1))
            #expect(try await store.openWipeBreakerTrips().isEmpty)
        }
    }
}
