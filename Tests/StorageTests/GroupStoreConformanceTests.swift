import Foundation
import PalisadeCore
import Storage
import Testing

@Suite struct GroupStoreConformanceTests {
    @Test(arguments: Backend.available)
    func groupsAreCreatedRenamedListedByNameAndDeleted(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            var finance = DeviceGroup(name: "Finance", description: "Floor 3", createdAt: epoch)
            let board = DeviceGroup(name: "Board", createdAt: epoch)
            try await store.createGroup(finance)
            try await store.createGroup(board)
            let error = await #expect(throws: StoreError.self) {
                try await store.createGroup(DeviceGroup(name: "Finance", createdAt: epoch))
            }
            #expect(error?.caseName == "conflict")

            finance.name = "Treasury"
            try await store.updateGroup(finance)
            #expect(try await store.group(finance.id) == finance)
            var renamed = board
            renamed.name = "Treasury"
            #expect((await #expect(throws: StoreError.self) { try await store.updateGroup(renamed) })?.caseName == "conflict")

            let first = try await store.groups(page: PageRequest(limit: 1))
            #expect(first.items.map(\.name) == ["Board"])
            let second = try await store.groups(page: PageRequest(limit: 1, cursor: first.nextCursor))
            #expect(second.items.map(\.name) == ["Treasury"])
            #expect(second.nextCursor == nil)

            #expect(try await store.deleteGroup(board.id))
            #expect(try await store.deleteGroup(board.id) == false)
            #expect(try await store.group(board.id) == nil)
        }
    }

    @Test(arguments: Backend.available)
    func addingMembersIsAllOrNothing(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            let known = makeDevice()
            try await store.createDevice(known)
            let group = DeviceGroup(name: "G", createdAt: epoch)
            try await store.createGroup(group)

            let error = await #expect(throws: StoreError.self) {
                try await store.addMembers([known.id, DeviceID()], to: group.id)
            }
            #expect(error?.caseName == "notFound")
            #expect(try await store.allMembers(of: group.id).isEmpty)

            let noGroup = await #expect(throws: StoreError.self) { try await store.addMembers([known.id], to: UUID()) }
            #expect(noGroup?.caseName == "notFound")

            try await store.addMembers([known.id, known.id], to: group.id)
            try await store.addMembers([known.id], to: group.id)
            #expect(try await store.allMembers(of: group.id) == [known.id])
            #expect(try await store.groups(containing: known.id) == [group])
            #expect(try await store.removeMember(known.id, from: group.id))
            #expect(try await store.removeMember(known.id, from: group.id) == false)
        }
    }

    @Test(arguments: Backend.available)
    func membersArePagedAndDeletingTheGroupKeepsTheDevices(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            let group = DeviceGroup(name: "Big", createdAt: epoch)
            try await store.createGroup(group)
            var ids: [DeviceID] = []
            for _ in 0..<7 {
                let device = makeDevice()
                try await store.createDevice(device)
                ids.append(device.id)
            }
            try await store.addMembers(ids, to: group.id)
            var seen: [DeviceID] = []
            var cursor: String?
            repeat {
                let page = try await store.members(of: group.id, page: PageRequest(limit: 3, cursor: cursor))
                seen += page.items
                cursor = page.nextCursor
            } while cursor != nil
            #expect(seen == ids.sorted())
            #expect(try await store.deleteGroup(group.id))
            #expect(try await store.countDevices(matching: DeviceFilter()) == 7)
        }
    }
}
