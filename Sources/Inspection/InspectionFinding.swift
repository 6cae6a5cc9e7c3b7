/// One rule that fired, with a message safe to send to the client and to log: fixed wording, key paths and limits,
/// never a value from the body or a header.
public struct InspectionFinding: Sendable, Hashable, CustomStringConvertible {
    public var rule: InspectionRule
    public var message: String

    public init(_ rule: InspectionRule, _ message: String? = nil) {
        self.rule = rule
        self.message = message ?? rule.summary
    }

    public var description: String { "[\(rule.severity)] \(rule.id) (+\(rule.weight)): \(message)" }
}
