import Foundation

/// The append-only record of what happened.
public protocol AuditLog: Sendable {
    @discardableResult
    func append(_ record: AuditRecord) async throws -> AuditEvent
    /// Newest first.
    func events(matching filter: AuditFilter, page: PageRequest) async throws -> Page<AuditEvent>
}
