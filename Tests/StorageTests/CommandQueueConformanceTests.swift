import Foundation
import PalisadeCore
import Storage
import Testing

@Suite struct CommandQueueConformanceTests {
    private func enrolledDevice(in store: SQLStorage) async throws -> DeviceID {
        let device = makeDevice()
        try await store.createDevice(device)
        return device.id
    }

    private func command(_ type: String, for device: DeviceID, at offset: Double = 0, expires: Date? = nil) -> Command {
        Command(deviceID: device, requestType: type, payload: .object(["Message": .string("hi")]), createdAt: day(offset), expiresAt: expires)
    }

    @Test(arguments: Backend.available)
    func enqueueingIsAllOrNothing(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            let device = try await enrolledDevice(in: store)
            let good = command("DeviceLock", for: device)
            let orphan = command("DeviceLock", for: DeviceID())
            let error = await #expect(throws: StoreError.self) { try await store.enqueue([good, orphan]) }
            #expect(error?.caseName == "notFound")
            #expect(try await store.command(good.id) == nil)

            try await store.enqueue([good])
            #expect(try await store.command(good.id) == good)
            let duplicate = await #expect(throws: StoreError.self) { try await store.enqueue([good]) }
            #expect(duplicate?.caseName == "conflict")
        }
    }

    @Test(arguments: Backend.available)
    func commandsAreDeliveredOldestFirstAndEachAnswerMovesItOn(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            let device = try await enrolledDevice(in: store)
            let info = command("DeviceInformation", for: device)
            let apps = command("InstalledApplicationList", for: device, at: 1)
            try await store.enqueue([info, apps])

            let session = try await store.beginSession(for: device)
            let first = try #require(try await store.nextCommand(for: device, session: session, at: day(2)))
            #expect(first.id == info.id)
            #expect(first.state == .sent)
            #expect(first.sentAt == day(2))
            #expect(try await store.command(info.id)?.state == .sent)

            let plist = Data("<plist><dict/></plist>".utf8)
            let answered = try #require(try await store.record(
                CommandReport(status: .acknowledged, result: plist), for: info.id, from: device, session: session, at: day(3)
            ).command)
            #expect(answered.state == .acknowledged)
            #expect(answered.completedAt == day(3))
            #expect(try await store.command(info.id)?.result == plist)

            let second = try #require(try await store.nextCommand(for: device, session: session, at: day(3)))
            #expect(second.id == apps.id)
            _ = try await store.record(CommandReport(status: .error), for: apps.id, from: device, session: session, at: day(4))
            #expect(try await store.command(apps.id)?.state == .error)
            #expect(try await store.nextCommand(for: device, session: session, at: day(4)) == nil)
        }
    }

    @Test(arguments: Backend.available)
    func aNotNowCommandIsSkippedForTheRestOfTheSessionAndRetriedInTheNext(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            let device = try await enrolledDevice(in: store)
            let lock = command("DeviceLock", for: device)
            let info = command("DeviceInformation", for: device, at: 1)
            try await store.enqueue([lock, info])

            let first = try await store.beginSession(for: device)
            #expect(try await store.nextCommand(for: device, session: first, at: day(2))?.id == lock.id)
            let deferred = try await store.record(CommandReport(status: .notNow), for: lock.id, from: device, session: first, at: day(2)).command
            #expect(deferred?.state == .notNow)
            #expect(deferred?.completedAt == nil)
            #expect(try await store.nextCommand(for: device, session: first, at: day(2))?.id == info.id)
            _ = try await store.record(CommandReport(status: .acknowledged), for: info.id, from: device, session: first, at: day(2))
            #expect(try await store.nextCommand(for: device, session: first, at: day(2)) == nil)

            #expect(try await store.currentSession(for: device) == first)
            let second = try await store.beginSession(for: device)
            #expect(second > first)
            #expect(try await store.currentSession(for: device) == second)
            #expect(try await store.nextCommand(for: device, session: second, at: day(3))?.id == lock.id)
            _ = try await store.record(CommandReport(status: .acknowledged), for: lock.id, from: device, session: second, at: day(3))
            #expect(try await store.command(lock.id)?.state == .acknowledged)
        }
    }

    @Test(arguments: Backend.available)
    func aReportForAnotherDevicesCommandIsIgnored(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            let owner = try await enrolledDevice(in: store)
            let intruder = try await enrolledDevice(in: store)
            let lock = command("DeviceLock", for: owner)
            try await store.enqueue([lock])
            let session = try await store.beginSession(for: intruder)
            #expect(try await store.record(CommandReport(status: .acknowledged), for: lock.id, from: intruder, session: session, at: day(1)) == .unknown)
            #expect(try await store.record(CommandReport(status: .acknowledged), for: UUID(), from: intruder, session: session, at: day(1)) == .unknown)
            #expect(try await store.command(lock.id)?.state == .queued)
            #expect(try await store.nextCommand(for: intruder, session: session, at: day(1)) == nil)
        }
    }

    @Test(arguments: Backend.available)
    func aReportForAnOwnCommandNeverSentChangesNothing(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            let device = try await enrolledDevice(in: store)
            let queued = command("DeviceInformation", for: device)
            var wipe = command("EraseDevice", for: device, at: 1)
            wipe.state = .awaitingApproval
            wipe.requestedBy = UUID()
            try await store.enqueue([queued])
            try await store.enqueue([wipe], awaiting: [CommandApproval(
                commandID: wipe.id, deviceID: device, requestType: "EraseDevice", target: "UDID-1", requester: wipe.requestedBy!,
                statement: Data("erase".utf8), sealedPayload: Data([1]), required: 2, createdAt: day(0), expiresAt: day(5)
            )])
            let session = try await store.beginSession(for: device)
            let before = try #require(try await store.command(queued.id))
            let answer = try await store.record(CommandReport(status: .acknowledged), for: queued.id, from: device, session: session, at: day(1))
            #expect(answer == .neverSent(before))
            #expect(try await store.command(queued.id) == before)
            let awaiting = try await store.record(CommandReport(status: .acknowledged), for: wipe.id, from: device, session: session, at: day(1))
            #expect(awaiting.command?.state == .awaitingApproval)
            guard case .neverSent = awaiting else { Issue.record("\(awaiting)"); return }
            // Still deliverable as if nothing had been said.
            #expect(try await store.nextCommand(for: device, session: session, at: day(2))?.id == queued.id)
        }
    }

    @Test(arguments: Backend.available)
    func aRepeatedAnswerChangesNeitherStateNorCompletionTime(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            let device = try await enrolledDevice(in: store)
            let info = command("DeviceInformation", for: device)
            try await store.enqueue([info])
            let session = try await store.beginSession(for: device)
            _ = try await store.nextCommand(for: device, session: session, at: day(1))
            let first = try await store.record(
                CommandReport(status: .acknowledged, result: Data("one".utf8)), for: info.id, from: device, session: session, at: day(2)
            )
            guard case .recorded(let answered) = first else { Issue.record("\(first)"); return }
            #expect(answered.completedAt == day(2))
            // The same Acknowledged again, then an Error and a NotNow: each is a repeat, and nothing moves.
            for status in [CommandReport.Status.acknowledged, .error, .notNow] {
                let again = try await store.record(
                    CommandReport(status: status, result: Data("two".utf8)), for: info.id, from: device, session: session, at: day(3)
                )
                #expect(again == .repeated(answered))
            }
            #expect(try await store.command(info.id) == answered)
        }
    }

    @Test(arguments: Backend.available)
    func onlyPendingCommandsCanBeCancelledAndALateNotNowDoesNotReviveThem(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            let device = try await enrolledDevice(in: store)
            let wipe = command("EraseDevice", for: device)
            try await store.enqueue([wipe])
            let session = try await store.beginSession(for: device)
            _ = try await store.nextCommand(for: device, session: session, at: day(1))
            let cancelled = try await store.cancel(wipe.id, at: day(2))
            #expect(cancelled.state == .cancelled)
            #expect(cancelled.completedAt == day(2))

            let again = await #expect(throws: StoreError.self) { _ = try await store.cancel(wipe.id, at: day(3)) }
            #expect(again?.caseName == "invalidState")
            let unknown = await #expect(throws: StoreError.self) { _ = try await store.cancel(UUID(), at: day(3)) }
            #expect(unknown?.caseName == "notFound")

            _ = try await store.record(CommandReport(status: .notNow), for: wipe.id, from: device, session: session, at: day(3))
            #expect(try await store.command(wipe.id)?.state == .cancelled)
            let next = try await store.beginSession(for: device)
            #expect(try await store.nextCommand(for: device, session: next, at: day(4)) == nil)
        }
    }

    @Test(arguments: Backend.available)
    func expiredCommandsAreNeverDelivered(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            let device = try await enrolledDevice(in: store)
            let stale = command("DeviceLock", for: device, expires: day(1))
            let fresh = command("DeviceInformation", for: device, at: 0.5, expires: day(30))
            try await store.enqueue([stale, fresh])
            let session = try await store.beginSession(for: device)
            #expect(try await store.nextCommand(for: device, session: session, at: day(2))?.id == fresh.id)
            #expect(try await store.command(stale.id)?.state == .expired)

            let other = try await enrolledDevice(in: store)
            try await store.enqueue([command("DeviceLock", for: other, expires: day(1)), command("DeviceLock", for: other)])
            #expect(try await store.expireCommands(at: day(2)) == 1)
            #expect(try await store.expireCommands(at: day(2)) == 0)
        }
    }

    @Test(arguments: Backend.available)
    func pruningRemovesOnlyFinishedCommandsOlderThanTheCutoff(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            let device = try await enrolledDevice(in: store)
            let old = command("DeviceInformation", for: device)
            let recent = command("DeviceInformation", for: device, at: 1)
            let waiting = command("DeviceLock", for: device, at: 2)
            try await store.enqueue([old, recent, waiting])
            _ = try await store.cancel(old.id, at: day(1))
            _ = try await store.cancel(recent.id, at: day(20))

            #expect(try await store.pruneFinished(before: day(10), limit: 1000) == 1)
            #expect(try await store.command(old.id) == nil)
            #expect(try await store.command(recent.id) != nil)
            #expect(try await store.command(waiting.id)?.state == .queued)
            #expect(try await store.pruneFinished(before: day(100), limit: 1000) == 1)
            #expect(try await store.command(waiting.id) != nil)
        }
    }

    @Test(arguments: Backend.available)
    func listingsFilterAndPageNewestFirst(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            let a = try await enrolledDevice(in: store)
            let b = try await enrolledDevice(in: store)
            let batch = UUID()
            var queued: [Command] = []
            for index in 0..<5 {
                var next = command(index % 2 == 0 ? "DeviceLock" : "DeviceInformation", for: index < 3 ? a : b, at: Double(index))
                next.batchID = index < 2 ? batch : nil
                queued.append(next)
            }
            try await store.enqueue(queued)
            _ = try await store.cancel(queued[4].id, at: day(9))

            let all = try await store.commands(matching: CommandFilter(), page: PageRequest(limit: 2))
            #expect(all.items.map(\.id) == [queued[4].id, queued[3].id])
            let rest = try await store.commands(matching: CommandFilter(), page: PageRequest(limit: 10, cursor: all.nextCursor))
            #expect(rest.items.map(\.id) == [queued[2].id, queued[1].id, queued[0].id])
            #expect(rest.nextCursor == nil)

            func ids(_ filter: CommandFilter) async throws -> [UUID] {
                try await store.commands(matching: filter, page: PageRequest()).items.map(\.id)
            }
            #expect(try await ids(CommandFilter(deviceID: b)) == [queued[4].id, queued[3].id])
            #expect(try await ids(CommandFilter(state: .cancelled)) == [queued[4].id])
            #expect(try await ids(CommandFilter(requestType: "DeviceInformation")) == [queued[3].id, queued[1].id])
            #expect(try await ids(CommandFilter(batchID: batch)) == [queued[1].id, queued[0].id])
        }
    }

    @Test(arguments: Backend.available)
    func concurrentSessionsOfManyDevicesEachGetTheirOwnCommands(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            var devices: [DeviceID] = []
            for _ in 0..<20 { devices.append(try await enrolledDevice(in: store)) }
            try await store.enqueue(devices.flatMap { [command("DeviceInformation", for: $0), command("DeviceLock", for: $0, at: 1)] })
            let delivered = try await withThrowingTaskGroup(of: [UUID].self) { group in
                for device in devices {
                    group.addTask {
                        let session = try await store.beginSession(for: device)
                        var seen: [UUID] = []
                        while let next = try await store.nextCommand(for: device, session: session, at: day(2)) {
                            #expect(next.deviceID == device)
                            seen.append(next.id)
                            _ = try await store.record(CommandReport(status: .acknowledged), for: next.id, from: device, session: session, at: day(2))
                        }
                        return seen
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(delivered.count == 40)
            #expect(Set(delivered).count == 40)
            #expect(try await store.commands(matching: CommandFilter(state: .acknowledged), page: PageRequest(limit: 1000)).items.count == 40)
        }
    }
}
