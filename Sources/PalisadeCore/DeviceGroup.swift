import Foundation

/// A named set of devices that commands and (later) policies target.
public struct DeviceGroup: Codable, Sendable, Hashable, Identifiable {
    public var id: UUID
    /// Unique among groups, 1–128 characters.
    public var name: String
    public var description: String
    public var createdAt: Date

    public init(id: UUID = UUID(), name: String, description: String = "", createdAt: Date) {
        self.id = id
        self.name = name
        self.description = description
        self.createdAt = createdAt
    }

    private enum CodingKeys: String, CodingKey { case id, name, description, createdAt }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(UUID.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        description = try container.decode(String.self, forKey: .description)
        createdAt = try container.decode(Date.self, forKey: .createdAt)
    }

    /// Identifiers are written in lower case, like device ids, so that one id looks the same everywhere.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id.uuidString.lowercased(), forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(description, forKey: .description)
        try container.encode(createdAt, forKey: .createdAt)
    }

    /// Longest group name accepted.
    public static let maximumNameLength = 128
}
