import Foundation

/// A wipe circuit breaker trip an edge reported, and the release approvers are signing for it.
public struct WipeBreakerTrip: Sendable, Hashable {
    /// The reporting edge's relay key pin.
    public var edge: String
    /// Whole seconds since 1970 by the edge's clock: names the trip in the release statement.
    public var trippedAt: Int64
    public var reportedAt: Date
    /// The expiry every release signature for this trip is made over (fixed when the trip is first reported).
    public var releaseExpiresAt: Int64
    public var signatures: [CommandApproval.Signature]
    /// When an edge said the breaker was released.
    public var releasedAt: Date?

    public init(
        edge: String, trippedAt: Int64, reportedAt: Date, releaseExpiresAt: Int64, signatures: [CommandApproval.Signature] = [],
        releasedAt: Date? = nil
    ) {
        self.edge = edge
        self.trippedAt = trippedAt
        self.reportedAt = reportedAt
        self.releaseExpiresAt = releaseExpiresAt
        self.signatures = signatures
        self.releasedAt = releasedAt
    }
}
