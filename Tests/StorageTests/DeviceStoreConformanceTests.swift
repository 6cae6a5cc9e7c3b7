import Foundation
import PalisadeCore
import Storage
import Testing

@Suite struct DeviceStoreConformanceTests {
    @Test(arguments: Backend.available)
    func aDeviceRoundTripsWithEveryField(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            let device = Device(
                platform: .android, ownership: .personal, name: "Field tablet 7", maker: "samsung", model: "SM-X200",
                osVersion: "14", osBuild: "UP1A.231005.007", securityPatchLevel: "2026-10-01", serialNumber: "R52T1234",
                imei: "356938035643809", hardwareID: "enterprises/e1/devices/3f2a", enrollmentState: .enrolled,
                enrolledAt: day(1), lastSeenAt: day(2), tags: ["site:leeds", "field", "field"], createdAt: epoch
            )
            try await store.createDevice(device)
            let loaded = try #require(try await store.device(device.id))
            #expect(loaded == device)
            #expect(loaded.tags == ["field", "site:leeds"])
            #expect(try await store.device(hardwareID: "enterprises/e1/devices/3f2a") == device)
            #expect(try await store.device(DeviceID()) == nil)
        }
    }

    @Test(arguments: Backend.available)
    func aSecondDeviceWithTheSameSerialNumberIsAConflictAndNotStored(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            try await store.createDevice(makeDevice(serial: "F2LX1"))
            let twin = makeDevice(serial: "F2LX1", tags: ["twin"])
            let error = await #expect(throws: StoreError.self) { try await store.createDevice(twin) }
            #expect(error?.caseName == "conflict")
            #expect(try await store.device(twin.id) == nil)
            #expect(try await store.countDevices(matching: DeviceFilter(tag: "twin")) == 0)
        }
    }

    @Test(arguments: Backend.available)
    func updateReplacesFieldsAndTagsAndRefusesUnknownDevices(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            var device = makeDevice(tags: ["a", "b"])
            try await store.createDevice(device)
            device.name = "Renamed"
            device.ownership = .personal
            device.tags = ["c"]
            device.osVersion = "18.1"
            try await store.updateDevice(device)
            #expect(try await store.device(device.id) == device)
            let error = await #expect(throws: StoreError.self) { try await store.updateDevice(makeDevice()) }
            #expect(error?.caseName == "notFound")
            try await store.markSeen(device.id, at: day(9))
            #expect(try await store.device(device.id)?.lastSeenAt == day(9))
        }
    }

    @Test(arguments: Backend.available)
    func filtersNarrowTheListingAndTheCount(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            let iphone = makeDevice(platform: .ios, serial: "IPH-1", tags: ["exec"], maker: "Apple", name: "CEO 100% phone", lastSeen: day(10))
            let pixel = makeDevice(platform: .android, serial: "PIX-1", tags: ["field"], maker: "Google", lastSeen: day(1))
            var personal = makeDevice(platform: .android, serial: "SAM-1", tags: ["field", "exec"], maker: "samsung")
            personal.ownership = .personal
            personal.enrollmentState = .enrolled
            for device in [iphone, pixel, personal] { try await store.createDevice(device) }
            let group = DeviceGroup(name: "Field", createdAt: epoch)
            try await store.createGroup(group)
            try await store.addMembers([pixel.id], to: group.id)

            func ids(_ filter: DeviceFilter) async throws -> Set<DeviceID> {
                let page = try await store.devices(matching: filter, page: PageRequest())
                #expect(try await store.countDevices(matching: filter) == page.items.count)
                return Set(page.items.map(\.id))
            }
            #expect(try await ids(DeviceFilter()) == [iphone.id, pixel.id, personal.id])
            #expect(try await ids(DeviceFilter(platform: .android)) == [pixel.id, personal.id])
            #expect(try await ids(DeviceFilter(ownership: .personal)) == [personal.id])
            #expect(try await ids(DeviceFilter(enrollmentState: .pending)) == [iphone.id, pixel.id])
            #expect(try await ids(DeviceFilter(maker: "SAMSUNG")) == [personal.id])
            #expect(try await ids(DeviceFilter(tag: "exec")) == [iphone.id, personal.id])
            #expect(try await ids(DeviceFilter(platform: .android, tag: "exec")) == [personal.id])
            #expect(try await ids(DeviceFilter(groupID: group.id)) == [pixel.id])
            #expect(try await ids(DeviceFilter(lastSeenBefore: day(5))) == [pixel.id, personal.id])
            #expect(try await ids(DeviceFilter(search: "pix")) == [pixel.id])
            #expect(try await ids(DeviceFilter(search: "100%")) == [iphone.id])
            #expect(try await ids(DeviceFilter(search: "0%")) == [iphone.id])
            #expect(try await ids(DeviceFilter(search: "%")) == [iphone.id])
        }
    }

    @Test(arguments: Backend.available)
    func pagingVisitsEveryDeviceOnceAndRefusesForeignCursors(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            var created: Set<DeviceID> = []
            for index in 0..<23 {
                let device = makeDevice(serial: "S\(index)")
                try await store.createDevice(device)
                created.insert(device.id)
            }
            var seen: [DeviceID] = []
            var cursor: String?
            var pages = 0
            repeat {
                let page = try await store.devices(matching: DeviceFilter(), page: PageRequest(limit: 10, cursor: cursor))
                seen += page.items.map(\.id)
                cursor = page.nextCursor
                pages += 1
            } while cursor != nil
            #expect(pages == 3)
            #expect(seen.count == 23)
            #expect(Set(seen) == created)
            #expect(seen == seen.sorted())

            await #expect(throws: StoreError.invalidCursor) {
                _ = try await store.devices(matching: DeviceFilter(), page: PageRequest(cursor: "not-a-cursor"))
            }
            let commandsCursor = try await store.commands(matching: CommandFilter(), page: PageRequest()).nextCursor
            #expect(commandsCursor == nil)
            let groupCursor = "Z3JvdXA6eA" // "group:x", a cursor of another listing
            await #expect(throws: StoreError.invalidCursor) {
                _ = try await store.devices(matching: DeviceFilter(), page: PageRequest(cursor: groupCursor))
            }
        }
    }

    @Test(arguments: Backend.available)
    func deletingADeviceForgetsItsTagsMembershipsAndCommands(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            let device = makeDevice(tags: ["gone"])
            try await store.createDevice(device)
            let group = DeviceGroup(name: "G", createdAt: epoch)
            try await store.createGroup(group)
            try await store.addMembers([device.id], to: group.id)
            let command = Command(deviceID: device.id, requestType: "DeviceLock", createdAt: epoch)
            try await store.enqueue([command])

            #expect(try await store.deleteDevice(device.id))
            #expect(try await store.deleteDevice(device.id) == false)
            #expect(try await store.device(device.id) == nil)
            #expect(try await store.allMembers(of: group.id).isEmpty)
            #expect(try await store.command(command.id) == nil)
            #expect(try await store.countDevices(matching: DeviceFilter(tag: "gone")) == 0)
        }
    }

    @Test(arguments: Backend.available)
    func aNewEnrollmentEndsThePreviousOneAndCheckOutMarksTheDeviceUnenrolled(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            let device = makeDevice()
            try await store.createDevice(device)
            let first = Enrollment(deviceID: device.id, kind: .appleDevice, externalID: "UDID-1", enrolledAt: day(1))
            let second = Enrollment(deviceID: device.id, kind: .appleDevice, externalID: "UDID-1", enrolledAt: day(3))
            try await store.recordEnrollment(first)
            try await store.recordEnrollment(second)
            let enrollments = try await store.enrollments(of: device.id)
            #expect(enrollments.map(\.id) == [first.id, second.id])
            #expect(enrollments[0].endedAt == day(3))
            #expect(enrollments[1].isActive)
            #expect(try await store.device(device.id)?.enrollmentState == .enrolled)
            #expect(try await store.device(device.id)?.enrolledAt == day(3))

            try await store.endEnrollment(of: device.id, at: day(4))
            #expect(try await store.enrollments(of: device.id).allSatisfy { !$0.isActive })
            #expect(try await store.device(device.id)?.enrollmentState == .unenrolled)

            let stranger = Enrollment(deviceID: DeviceID(), kind: .appleUser, externalID: "E", enrolledAt: day(1))
            await #expect(throws: StoreError.self) { try await store.recordEnrollment(stranger) }
        }
    }
}
