import Foundation
import Hummingbird
import PalisadeCore

extension AdminAPI {
    @Sendable func listGroups(_ request: Request, _ context: AdminContext) async throws -> Response {
        let query = try QueryReader(request, allowed: QueryReader.paging)
        let page = try await storage.groups(page: try query.page())
        return try json(ListResponse(items: page.items, nextCursor: page.nextCursor))
    }

    @Sendable func createGroup(_ request: Request, _ context: AdminContext) async throws -> Response {
        _ = try QueryReader(request, allowed: [])
        let input = try await body.decode(CreateGroupRequest.self, from: request)
        try input.validate()
        let group = DeviceGroup(name: input.name, description: input.description ?? "", createdAt: clock.now)
        do {
            try await storage.createGroup(group)
        } catch StoreError.conflict {
            throw APIError.conflict("a group named '\(input.name)' already exists")
        }
        try await audit(context, "group.create", target: "group:\(group.id.uuidString.lowercased())", detail: .object(["name": .string(group.name)]))
        return try json(group, status: .created)
    }

    @Sendable func getGroup(_ request: Request, _ context: AdminContext) async throws -> Response {
        _ = try QueryReader(request, allowed: [])
        return try json(try await existingGroup(try uuid(context)))
    }

    @Sendable func updateGroup(_ request: Request, _ context: AdminContext) async throws -> Response {
        let id = try uuid(context)
        _ = try QueryReader(request, allowed: [])
        let input = try await body.decode(UpdateGroupRequest.self, from: request)
        try input.validate()
        var group = try await existingGroup(id)
        if let name = input.name { group.name = name }
        if let description = input.description { group.description = description }
        do {
            try await storage.updateGroup(group)
        } catch StoreError.conflict {
            throw APIError.conflict("a group named '\(group.name)' already exists")
        }
        try await audit(context, "group.update", target: "group:\(id.uuidString.lowercased())")
        return try json(group)
    }

    @Sendable func deleteGroup(_ request: Request, _ context: AdminContext) async throws -> Response {
        _ = try QueryReader(request, allowed: [])
        let id = try uuid(context)
        guard try await storage.deleteGroup(id) else { throw APIError.notFound("no group with id \(id.uuidString.lowercased())") }
        try await audit(context, "group.delete", target: "group:\(id.uuidString.lowercased())")
        return noContent()
    }

    @Sendable func listMembers(_ request: Request, _ context: AdminContext) async throws -> Response {
        let query = try QueryReader(request, allowed: QueryReader.paging)
        let id = try uuid(context)
        _ = try await existingGroup(id)
        let page = try await storage.members(of: id, page: try query.page())
        return try json(ListResponse(items: page.items, nextCursor: page.nextCursor))
    }

    @Sendable func addMembers(_ request: Request, _ context: AdminContext) async throws -> Response {
        let id = try uuid(context)
        _ = try QueryReader(request, allowed: [])
        let input = try await body.decode(AddMembersRequest.self, from: request)
        try input.validate()
        try await storage.addMembers(input.deviceIds, to: id)
        try await audit(context, "group.members.add", target: "group:\(id.uuidString.lowercased())",
                        detail: .object(["count": .number(Double(Set(input.deviceIds).count))]))
        return noContent()
    }

    @Sendable func removeMember(_ request: Request, _ context: AdminContext) async throws -> Response {
        _ = try QueryReader(request, allowed: [])
        let id = try uuid(context)
        let device = try deviceID(context, "deviceId")
        _ = try await existingGroup(id)
        guard try await storage.removeMember(device, from: id) else {
            throw APIError.notFound("device \(device) is not a member of group \(id.uuidString.lowercased())")
        }
        try await audit(context, "group.members.remove", target: "group:\(id.uuidString.lowercased())",
                        detail: .object(["device": .string(device.description)]))
        return noContent()
    }

    private func existingGroup(_ id: UUID) async throws -> DeviceGroup {
        guard let group = try await storage.group(id) else { throw APIError.notFound("no group with id \(id.uuidString.lowercased())") }
        return group
    }
}
