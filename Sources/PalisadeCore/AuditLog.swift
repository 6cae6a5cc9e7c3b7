import Foundation

/// The append-only record of what happened.
public protocol AuditLog: Sendable {
    @discardableResult
    func append(_ record: AuditRecord) async throws -> AuditEvent
    /// Newest first.
    func events(matching filter: AuditFilter, page: PageRequest) async throws -> Page<AuditEvent>
    /// Checks the hash chain over every event (see `AuditChainReport`), and that it passes through `expecting`,
    /// a head kept outside the database.
    func verifyAuditChain(expecting: AuditChainHead?) async throws -> AuditChainReport
    /// The newest event's place in the chain, as the database records it; `nil` while the log is empty.
    func auditChainHead() async throws -> AuditChainHead?
}

extension AuditLog {
    public func verifyAuditChain() async throws -> AuditChainReport { try await verifyAuditChain(expecting: nil) }
}
