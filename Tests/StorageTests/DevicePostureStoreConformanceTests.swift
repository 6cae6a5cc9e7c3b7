import Foundation
import PalisadeCore
import Storage
import Testing

/// Posture on each backend: every report writes only what it carried, lookups batch any number of ids, and a
/// device's posture goes with the device.
@Suite struct DevicePostureStoreConformanceTests {
    @Test(arguments: Backend.available)
    func eachReportWritesOnlyWhatItCarried(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            let device = makeDevice()
            try await store.createDevice(device)
            #expect(try await store.posture(of: device.id) == nil)

            try await store.recordSecurity(of: device.id, passcodePresent: true, passcodeCompliant: false, encrypted: true, at: day(1))
            try await store.recordSupervision(of: device.id, supervised: true, at: day(2))
            try await store.recordInstalledApps(of: device.id, identifiers: ["com.b", "com.a", "com.b"], at: day(3))
            #expect(try await store.posture(of: device.id) == DevicePosture(
                deviceID: device.id, passcodePresent: true, passcodeCompliant: false, encrypted: true, supervised: true,
                installedApps: ["com.a", "com.b"], appsReportedAt: day(3), updatedAt: day(3)
            ))

            // A report without encryption or compliance leaves them; supervision and apps are untouched by security.
            try await store.recordSecurity(of: device.id, passcodePresent: false, passcodeCompliant: nil, encrypted: nil, at: day(4))
            try await store.recordSupervision(of: device.id, supervised: false, at: day(5))
            let changed = try #require(try await store.posture(of: device.id))
            #expect(changed.passcodePresent == false && changed.passcodeCompliant == false && changed.encrypted == true)
            #expect(changed.supervised == false && changed.installedApps == ["com.a", "com.b"] && changed.appsReportedAt == day(3))
            #expect(changed.updatedAt == day(5))
        }
    }

    @Test(arguments: Backend.available)
    func anEmptyAppListIsAReportAndReplacesTheOldOne(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            let device = makeDevice()
            try await store.createDevice(device)
            try await store.recordSecurity(of: device.id, passcodePresent: true, passcodeCompliant: nil, encrypted: nil, at: day(1))
            let unreported = try #require(try await store.posture(of: device.id))
            #expect(unreported.installedApps.isEmpty && unreported.appsReportedAt == nil && unreported.supervised == nil)

            try await store.recordInstalledApps(of: device.id, identifiers: ["com.x"], at: day(2))
            try await store.recordInstalledApps(of: device.id, identifiers: [], at: day(3))
            let reported = try #require(try await store.posture(of: device.id))
            #expect(reported.installedApps.isEmpty && reported.appsReportedAt == day(3) && reported.passcodePresent == true)
        }
    }

    @Test(arguments: Backend.available)
    func recordingForAnUnknownDeviceIsNotFound(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            try await store.createDevice(makeDevice())
            let ghost = DeviceID()
            let error = await #expect(throws: StoreError.self) {
                try await store.recordSupervision(of: ghost, supervised: true, at: day(1))
            }
            #expect(error?.caseName == "notFound")
            #expect(error?.description == "no device with id \(ghost)")
            #expect(try await store.allPostures().isEmpty)
        }
    }

    @Test(arguments: Backend.available)
    func deletingADeviceDeletesItsPosture(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            let gone = makeDevice()
            let kept = makeDevice()
            for device in [gone, kept] {
                try await store.createDevice(device)
                try await store.recordInstalledApps(of: device.id, identifiers: ["com.a"], at: day(1))
            }
            #expect(try await store.deleteDevice(gone.id))
            #expect(try await store.posture(of: gone.id) == nil)
            #expect(try await store.allPostures().map(\.deviceID) == [kept.id])
        }
    }

    @Test(arguments: Backend.available)
    func aBatchedLookupFindsPosturesAmongMoreIdsThanOneStatementBinds(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            var reported: [DeviceID] = []
            for index in 0..<5 {
                let device = makeDevice()
                try await store.createDevice(device)
                try await store.recordSupervision(of: device.id, supervised: index.isMultiple(of: 2), at: day(Double(index)))
                reported.append(device.id)
            }
            // 1,200 ids with the reported ones spread over the first, middle and last chunk, plus a duplicate.
            var ids = (0..<1_200).map { _ in DeviceID() }
            for (position, id) in zip([0, 499, 500, 777, 1_199], reported) { ids[position] = id }
            ids.append(reported[0])

            let found = try await store.postures(of: ids)
            #expect(Set(found.keys) == Set(reported))
            #expect(found[reported[2]]?.supervised == true && found[reported[3]]?.supervised == false)
            #expect(try await store.postures(of: []).isEmpty)
            #expect(try await store.allPostures().map(\.deviceID) == reported.sorted())
        }
    }
}
