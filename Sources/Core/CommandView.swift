import Foundation
import PalisadeCore

/// A command as the API shows it, with the device's result turned from a property list into JSON.
struct CommandView: Encodable, Sendable {
    let command: Command

    enum CodingKeys: String, CodingKey {
        case id, deviceId, requestType, payload, state, batchId, requestedBy, createdAt, updatedAt, sentAt
        case completedAt, expiresAt, result
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(command.id.uuidString.lowercased(), forKey: .id)
        try container.encode(command.deviceID, forKey: .deviceId)
        try container.encode(command.requestType, forKey: .requestType)
        try container.encode(command.payload, forKey: .payload)
        try container.encode(command.state, forKey: .state)
        try container.encode(command.batchID?.uuidString.lowercased(), forKey: .batchId)
        try container.encode(command.requestedBy?.uuidString.lowercased(), forKey: .requestedBy)
        try container.encode(command.createdAt, forKey: .createdAt)
        try container.encode(command.updatedAt, forKey: .updatedAt)
        try container.encode(command.sentAt, forKey: .sentAt)
        try container.encode(command.completedAt, forKey: .completedAt)
        try container.encode(command.expiresAt, forKey: .expiresAt)
        try container.encode(command.result.map(PropertyListJSON.convert), forKey: .result)
    }
}
