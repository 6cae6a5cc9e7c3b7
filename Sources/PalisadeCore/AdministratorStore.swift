import Foundation

/// Administrators and their API tokens.
public protocol AdministratorStore: Sendable {
    /// Throws `conflict` if the name is taken.
    func createAdministrator(_ administrator: Administrator) async throws
    func administrator(_ id: UUID) async throws -> Administrator?
    func administrators() async throws -> [Administrator]
    /// Stores a token's digest. Throws `notFound` if the administrator is unknown.
    func createToken(_ token: APIToken) async throws
    /// The token with this digest and its administrator, usable or not.
    func token(digest: String) async throws -> (token: APIToken, administrator: Administrator)?
    func markTokenUsed(_ id: UUID, at date: Date) async throws
    func revokeToken(_ id: UUID, at date: Date) async throws
    /// Registers a public signing key. Throws `notFound` for an unknown administrator, `conflict` for a key
    /// already registered (to anyone).
    func addAdministratorKey(_ key: AdministratorKey) async throws
    /// Keys of one administrator, or of all when `administrator` is `nil`, oldest first.
    func administratorKeys(of administrator: UUID?) async throws -> [AdministratorKey]
}
