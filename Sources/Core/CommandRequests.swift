import Foundation
import PalisadeCore

/// `POST /api/commands`: one command for a device, or one per member of a group.
struct EnqueueCommandRequest: Decodable, Sendable {
    /// Largest payload accepted, in bytes of compact JSON.
    static let maximumPayloadBytes = 64 * 1024

    var requestType: String
    var payload: JSONValue?
    var deviceId: DeviceID?
    var groupId: UUID?
    var expiresAt: Date?
    /// Whether to wake the devices now (default); `false` leaves the command for their next check-in.
    var push: Bool?

    private enum CodingKeys: String, CodingKey, CaseIterable { case requestType, payload, deviceId, groupId, expiresAt, push }

    init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
        requestType = try container.decode(String.self, forKey: .requestType)
        payload = try container.decodeIfPresentRefusingNull(JSONValue.self, forKey: .payload)
        deviceId = try container.decodeIfPresentRefusingNull(DeviceID.self, forKey: .deviceId)
        groupId = try container.decodeIfPresentRefusingNull(UUID.self, forKey: .groupId)
        expiresAt = try container.decodeIfPresentRefusingNull(Date.self, forKey: .expiresAt)
        push = try container.decodeIfPresentRefusingNull(Bool.self, forKey: .push)
    }

    func validate(now: Date) throws {
        if let problem = Command.problem(withRequestType: requestType) { throw APIError.invalid(problem) }
        guard (deviceId == nil) != (groupId == nil) else {
            throw APIError.invalid("give exactly one target: deviceId or groupId")
        }
        if let payload {
            guard payload.objectValue != nil else { throw APIError.invalid("payload must be a JSON object") }
            guard payload.encoded().count <= Self.maximumPayloadBytes else {
                throw APIError.invalid("payload must be at most \(Self.maximumPayloadBytes) bytes")
            }
        }
        if let expiresAt, expiresAt <= now { throw APIError.invalid("expiresAt must be in the future") }
    }
}
