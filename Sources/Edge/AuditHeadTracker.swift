import PalisadeCore

/// What the edge remembers of the core's audit chain head, and its judgement of each new one. A head that goes
/// backwards (a lower sequence, or the same sequence with another hash) means the audit table was cut short or
/// rewritten after the edge last saw it. Pure.
public struct AuditHeadTracker: Sendable {
    public enum Observation: Sendable, Equatable {
        case first
        case advanced
        case unchanged
        /// The chain lost events or was rewritten since `previous`.
        case regressed(previous: AuditChainHead)
    }

    /// The newest head seen that did not regress.
    public private(set) var latest: AuditChainHead?

    public init() {}

    public mutating func observe(_ head: AuditChainHead) -> Observation {
        guard let previous = latest else {
            latest = head
            return .first
        }
        if head.sequence < previous.sequence || (head.sequence == previous.sequence && head.hash != previous.hash) {
            // Keep the older, higher head: it is the evidence, and a later "recovery" to it must not clear the alarm.
            return .regressed(previous: previous)
        }
        if head == previous { return .unchanged }
        latest = head
        return .advanced
    }
}
