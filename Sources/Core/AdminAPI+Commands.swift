import AppleMDM
import Foundation
import Hummingbird
import PalisadeCore

extension AdminAPI {
    /// The answer to `POST /api/commands`: the commands made, one per target device.
    struct EnqueueResponse: Encodable, Sendable {
        /// Set when the target was a group; `null` for a single device.
        var batchId: String?
        var count: Int
        /// Group members that were left out because they are unenrolled.
        var skipped: Int
        var commands: [CommandView]

        private enum CodingKeys: String, CodingKey { case batchId, count, skipped, commands }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(batchId, forKey: .batchId)
            try container.encode(count, forKey: .count)
            try container.encode(skipped, forKey: .skipped)
            try container.encode(commands, forKey: .commands)
        }
    }

    @Sendable func listCommands(_ request: Request, _ context: AdminContext) async throws -> Response {
        let query = try QueryReader(request, allowed: QueryReader.paging.union(["device", "state", "requestType", "batch"]))
        var filter = CommandFilter(
            state: try query.choice("state", CommandState.self), requestType: try query.string("requestType", maximumLength: 64),
            batchID: try query.uuid("batch")
        )
        if let device = try query.string("device") {
            guard let id = DeviceID(device) else { throw APIError.invalid("query parameter 'device' must be a UUID") }
            filter.deviceID = id
        }
        let page = try await storage.commands(matching: filter, page: try query.page())
        return try json(ListResponse(items: page.items.map(CommandView.init), nextCursor: page.nextCursor))
    }

    @Sendable func enqueueCommand(_ request: Request, _ context: AdminContext) async throws -> Response {
        _ = try QueryReader(request, allowed: [])
        let input = try await body.decode(EnqueueCommandRequest.self, from: request)
        let now = clock.now
        try input.validate(now: now)
        var targets: [DeviceID]
        var skipped = 0
        var batchID: UUID?
        if let deviceID = input.deviceId {
            guard let device = try await storage.device(deviceID) else { throw APIError.notFound("no device with id \(deviceID)") }
            guard device.enrollmentState != .unenrolled else {
                throw APIError(.conflict, "invalid_state", "device \(deviceID) is unenrolled; it will never fetch a command")
            }
            targets = [deviceID]
        } else if let groupID = input.groupId {
            guard try await storage.group(groupID) != nil else {
                throw APIError.notFound("no group with id \(groupID.uuidString.lowercased())")
            }
            let members = try await storage.allMembers(of: groupID)
            let unenrolled = try await unenrolledMembers(of: groupID)
            targets = members.filter { !unenrolled.contains($0) }
            skipped = members.count - targets.count
            guard !targets.isEmpty else {
                throw APIError(.conflict, "invalid_state", "group \(groupID.uuidString.lowercased()) has no enrolled or pending devices")
            }
            batchID = UUID()
        } else {
            targets = []
        }
        try await checkWireFormat(input, device: input.deviceId, group: input.groupId)
        let payload = input.payload ?? .object([:])
        var commands = targets.map { device in
            Command(
                deviceID: device, requestType: input.requestType, payload: payload,
                batchID: batchID, requestedBy: context.administrator?.id, createdAt: now, expiresAt: input.expiresAt
            )
        }
        let required = try requiredApprovers(input.requestType, payload: payload)
        if let required {
            let (held, approvals, unenrolled) = try await hold(commands, required: required, context: context, single: input.deviceId != nil)
            guard !held.isEmpty else {
                throw APIError(.conflict, "invalid_state", "no target has an Apple enrolment; sensitive commands are approved per enrolled device")
            }
            commands = held
            skipped += unenrolled
            try await storage.enqueue(commands, awaiting: approvals)
        } else {
            try await storage.enqueue(commands)
        }
        let target = input.deviceId.map { "device:\($0)" } ?? input.groupId.map { "group:\($0.uuidString.lowercased())" }
        var detail: [String: JSONValue] = ["requestType": .string(input.requestType), "count": .number(Double(commands.count))]
        if let required { detail["approversRequired"] = .number(Double(required)) }
        try await audit(context, required == nil ? "command.enqueue" : "command.request-approval", target: target, detail: .object(detail))
        if required == nil, input.push ?? true { await pusher.wake(targets) }
        let response = EnqueueResponse(
            batchId: batchID?.uuidString.lowercased(), count: commands.count, skipped: skipped, commands: commands.map(CommandView.init)
        )
        return try json(response, status: .created)
    }

    /// The approvers the command needs before it may reach a device, or `nil`.
    private func requiredApprovers(_ requestType: String, payload: JSONValue) throws -> Int? {
        let required = (approvals?.policy ?? ApprovalPolicy()).required(requestType: requestType, parameters: payload)
        if required != nil, approvals == nil {
            throw APIError(.serviceUnavailable, "unavailable", "this core cannot hold commands for approval")
        }
        return required
    }

    /// Each command made to wait for approval, with its approval. Group members without an Apple enrolment are left
    /// out (counted as skipped); a single device without one is refused.
    private func hold(
        _ commands: [Command], required: Int, context: AdminContext, single: Bool
    ) async throws -> (held: [Command], approvals: [CommandApproval], unenrolled: Int) {
        guard let approvals, let requester = context.administrator?.id else {
            throw APIError(.forbidden, "forbidden", CommandApprovals.Problem.noRequester.description)
        }
        var held: [Command] = []
        var made: [CommandApproval] = []
        var unenrolled = 0
        for command in commands {
            do {
                let (waiting, approval) = try await approvals.hold(command, required: required, requester: requester, now: clock.now)
                held.append(waiting)
                made.append(approval)
            } catch CommandApprovals.Problem.notEnrolled where !single {
                unenrolled += 1
            } catch let problem as CommandApprovals.Problem {
                throw APIError(.conflict, "invalid_state", problem.description)
            }
        }
        return (held, made, unenrolled)
    }

    /// Refuses, before anything is queued, a payload that Apple devices would reject: unknown keys, wrong types.
    /// Checked whenever any target is an Apple device.
    private func checkWireFormat(_ input: EnqueueCommandRequest, device: DeviceID?, group: UUID?) async throws {
        let reachesApple: Bool
        if let device {
            reachesApple = try await storage.device(device)?.platform == .ios
        } else {
            reachesApple = try await storage.countDevices(matching: DeviceFilter(platform: .ios, groupID: group)) > 0
        }
        guard reachesApple else { return }
        do {
            _ = try MDMCommand.fromAdminRequest(requestType: input.requestType, payload: input.payload ?? .object([:]), uuid: UUID())
        } catch {
            throw APIError.invalid("payload for \(input.requestType): \(error)")
        }
    }

    /// Every unenrolled member of a group, however many pages they fill.
    private func unenrolledMembers(of group: UUID) async throws -> Set<DeviceID> {
        var found: Set<DeviceID> = []
        var page = PageRequest(limit: PageRequest.maximumLimit)
        repeat {
            let slice = try await storage.devices(matching: DeviceFilter(enrollmentState: .unenrolled, groupID: group), page: page)
            found.formUnion(slice.items.map(\.id))
            page.cursor = slice.nextCursor
        } while page.cursor != nil
        return found
    }

    @Sendable func getCommand(_ request: Request, _ context: AdminContext) async throws -> Response {
        _ = try QueryReader(request, allowed: [])
        let id = try uuid(context)
        guard let command = try await storage.command(id) else { throw APIError.notFound("no command with id \(id.uuidString.lowercased())") }
        return try json(CommandView(command: command))
    }

    @Sendable func cancelCommand(_ request: Request, _ context: AdminContext) async throws -> Response {
        _ = try QueryReader(request, allowed: [])
        let id = try uuid(context)
        let command = try await storage.cancel(id, at: clock.now)
        try await audit(context, "command.cancel", target: "command:\(id.uuidString.lowercased())",
                        detail: .object(["requestType": .string(command.requestType)]))
        return try json(CommandView(command: command))
    }
}
