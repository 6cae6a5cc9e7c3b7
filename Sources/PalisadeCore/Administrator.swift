import Foundation

/// A person (or automation account) who manages the fleet through the admin API.
public struct Administrator: Codable, Sendable, Hashable, Identifiable {
    public var id: UUID
    /// Unique login-style name.
    public var name: String
    public var role: Role
    public var createdAt: Date
    /// A disabled administrator's tokens stop working.
    public var disabled: Bool

    public init(id: UUID = UUID(), name: String, role: Role, createdAt: Date, disabled: Bool = false) {
        self.id = id
        self.name = name
        self.role = role
        self.createdAt = createdAt
        self.disabled = disabled
    }
}
