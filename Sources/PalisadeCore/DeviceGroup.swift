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

    /// Longest group name accepted.
    public static let maximumNameLength = 128
}
