import Foundation
import PalisadeCore
import Storage
import Testing

/// Patch observations on each backend: the earliest report of a level per model wins, each device counts once,
/// and the history outlives the devices that made it.
@Suite struct PatchObservationStoreConformanceTests {
    @Test(arguments: Backend.available)
    func theEarliestReportWinsAndEachDeviceCountsOnce(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            let first = DeviceID()
            let second = DeviceID()
            try await store.recordPatchObservation(platform: .ios, maker: "Apple", model: "iPhone15,2", level: "22H352", deviceID: first, at: day(5))
            // The same device again, later: neither the count nor the date moves.
            try await store.recordPatchObservation(platform: .ios, maker: "Apple", model: "iPhone15,2", level: "22H352", deviceID: first, at: day(9))
            #expect(try await store.patchObservations() == [
                PatchObservation(platform: .ios, maker: "Apple", model: "iPhone15,2", level: "22H352", firstReportedAt: day(5), deviceCount: 1),
            ])
            // Another device, reporting an earlier sighting (a result processed late): the date moves back.
            try await store.recordPatchObservation(platform: .ios, maker: "Apple", model: "iPhone15,2", level: "22H352", deviceID: second, at: day(2))
            // A later device does not move it forward.
            try await store.recordPatchObservation(platform: .ios, maker: "Apple", model: "iPhone15,2", level: "22H352", deviceID: DeviceID(), at: day(7))
            #expect(try await store.patchObservations() == [
                PatchObservation(platform: .ios, maker: "Apple", model: "iPhone15,2", level: "22H352", firstReportedAt: day(2), deviceCount: 3),
            ])
        }
    }

    @Test(arguments: Backend.available)
    func eachModelAndLevelIsItsOwnObservation(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            let device = DeviceID()
            try await store.recordPatchObservation(platform: .android, maker: "Google", model: "Pixel 8", level: "2026-05-05", deviceID: device, at: day(3))
            try await store.recordPatchObservation(platform: .android, maker: "Google", model: "Pixel 8", level: "2026-04-05", deviceID: device, at: day(1))
            try await store.recordPatchObservation(platform: .android, maker: "Google", model: "Pixel 9", level: "2026-05-05", deviceID: DeviceID(), at: day(2))
            try await store.recordPatchObservation(platform: .ios, maker: "Apple", model: "iPhone15,2", level: "22H352", deviceID: DeviceID(), at: day(4))
            let observations = try await store.patchObservations()
            #expect(observations.map { "\($0.model) \($0.level) \($0.deviceCount)" } == [
                "Pixel 8 2026-04-05 1", "Pixel 8 2026-05-05 1", "Pixel 9 2026-05-05 1", "iPhone15,2 22H352 1",
            ])
            #expect(observations[1].firstReportedAt == day(3))
        }
    }

    @Test(arguments: Backend.available)
    func deletingADeviceKeepsTheHistoryItMade(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            let device = makeDevice()
            try await store.createDevice(device)
            try await store.recordPatchObservation(platform: .ios, maker: "Apple", model: "iPad14,1", level: "22H352", deviceID: device.id, at: day(1))
            #expect(try await store.deleteDevice(device.id))
            #expect(try await store.patchObservations().map(\.deviceCount) == [1])
        }
    }
}
