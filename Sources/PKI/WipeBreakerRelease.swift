import Foundation

/// Approvers' signed release of one trip of an edge's wipe circuit breaker: the signatures are over
/// `WipeCircuitBreaker.releaseStatement(trippedAt:expiresAt:)`, so a release names the trip it ends and cannot be
/// kept for the next one. Cores only carry these to edges; the edge checks them against its own keys.
public struct WipeBreakerRelease: Codable, Sendable, Hashable {
    /// The trip released (whole seconds since 1970, as the edge reported it).
    public var trippedAt: Int64
    /// Whole seconds since 1970.
    public var expiresAt: Int64
    public var signatures: [ApprovalSignature]

    public init(trippedAt: Int64, expiresAt: Int64, signatures: [ApprovalSignature]) {
        self.trippedAt = trippedAt
        self.expiresAt = expiresAt
        self.signatures = signatures
    }

    /// The bytes each approver signs.
    public var statement: [UInt8] {
        WipeCircuitBreaker.releaseStatement(trippedAt: trippedAt, expiresAt: Date(timeIntervalSince1970: TimeInterval(expiresAt)))
    }
}
