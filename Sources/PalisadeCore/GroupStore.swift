import Foundation

/// Device groups and their membership.
public protocol GroupStore: Sendable {
    /// Throws `conflict` if the name is taken.
    func createGroup(_ group: DeviceGroup) async throws
    func group(_ id: UUID) async throws -> DeviceGroup?
    func groups(page: PageRequest) async throws -> Page<DeviceGroup>
    /// Throws `notFound` or `conflict` (name taken).
    func updateGroup(_ group: DeviceGroup) async throws
    @discardableResult
    func deleteGroup(_ id: UUID) async throws -> Bool
    /// Adds devices to a group, all or none: throws `notFound` for the first unknown group or device.
    func addMembers(_ devices: [DeviceID], to group: UUID) async throws
    /// Returns whether the device was a member.
    @discardableResult
    func removeMember(_ device: DeviceID, from group: UUID) async throws -> Bool
    func members(of group: UUID, page: PageRequest) async throws -> Page<DeviceID>
    /// Every member, for fan-out of a group command.
    func allMembers(of group: UUID) async throws -> [DeviceID]
    func groups(containing device: DeviceID) async throws -> [DeviceGroup]
}
