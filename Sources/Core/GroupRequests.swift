import Foundation
import PalisadeCore

/// `POST /api/groups`.
struct CreateGroupRequest: Decodable, Sendable {
    var name: String
    var description: String?

    private enum CodingKeys: String, CodingKey, CaseIterable { case name, description }

    init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        description = try container.decodeIfPresentRefusingNull(String.self, forKey: .description)
    }

    func validate() throws {
        try FieldRules.groupFields(name: name, description: description)
    }
}

/// `PATCH /api/groups/{id}`: absent fields stay as they are.
struct UpdateGroupRequest: Decodable, Sendable {
    var name: String?
    var description: String?

    private enum CodingKeys: String, CodingKey, CaseIterable { case name, description }

    init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresentRefusingNull(String.self, forKey: .name)
        description = try container.decodeIfPresentRefusingNull(String.self, forKey: .description)
    }

    func validate() throws {
        try FieldRules.groupFields(name: name, description: description)
    }
}

/// `POST /api/groups/{id}/members`.
struct AddMembersRequest: Decodable, Sendable {
    /// Largest number of devices added in one request.
    static let maximumCount = 10_000

    var deviceIds: [DeviceID]

    private enum CodingKeys: String, CodingKey, CaseIterable { case deviceIds }

    init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
        deviceIds = try container.decode([DeviceID].self, forKey: .deviceIds)
    }

    func validate() throws {
        guard (1...Self.maximumCount).contains(deviceIds.count) else {
            throw APIError.invalid("deviceIds must list 1 to \(Self.maximumCount) devices")
        }
    }
}
