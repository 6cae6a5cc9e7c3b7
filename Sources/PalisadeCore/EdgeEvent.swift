import Foundation

/// Something an edge saw that belongs in the audit log: a command its gate refused, a wipe its breaker held, a
/// device request or core answer inspection refused. The edge has no database, so it reports these to a core over
/// the relay link; it also logs them and counts them, so a core that drops them does not make them vanish.
public struct EdgeEvent: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// The command gate refused a sensitive command (`reason` says why).
        case commandRefused = "command.refused"
        /// The wipe circuit breaker held an erase (`trippedAt` names the trip to release).
        case wipeHeld = "wipe.held"
        /// The wipe circuit breaker was released by a signed statement.
        case wipeReleased = "wipe.released"
        /// A release the edge fetched did not release the breaker (`reason` says why: too few valid signatures, a
        /// key it does not trust, another trip, expired), so the approvers who signed it learn why nothing changed.
        case wipeReleaseIgnored = "wipe.release-ignored"
        /// Inspection refused a device's request or a core's answer.
        case inspectionRefused = "inspection.refused"
        /// Events left out because too many came at once; `count` says how many.
        case dropped
    }

    public var kind: Kind
    /// Whole seconds since 1970, by the edge's clock.
    public var at: Int64
    public var commandUUID: String?
    public var requestType: String?
    /// The device's enrolment identifier.
    public var target: String?
    public var reason: String?
    /// Inspection rule ids that fired.
    public var rules: [String]?
    public var endpoint: String?
    /// "request" or "response", for inspection refusals.
    public var direction: String?
    public var source: String?
    public var trippedAt: Int64?
    public var count: Int?

    public init(
        kind: Kind, at: Int64, commandUUID: String? = nil, requestType: String? = nil, target: String? = nil, reason: String? = nil,
        rules: [String]? = nil, endpoint: String? = nil, direction: String? = nil, source: String? = nil, trippedAt: Int64? = nil,
        count: Int? = nil
    ) {
        self.kind = kind
        self.at = at
        self.commandUUID = commandUUID
        self.requestType = requestType
        self.target = target
        self.reason = reason
        self.rules = rules
        self.endpoint = endpoint
        self.direction = direction
        self.source = source
        self.trippedAt = trippedAt
        self.count = count
    }
}
