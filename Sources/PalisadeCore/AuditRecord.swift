import Foundation

/// An audit event before the log has given it its place.
public struct AuditRecord: Sendable, Hashable {
    public var at: Date
    public var actor: AuditEvent.Actor
    public var action: String
    public var target: String?
    public var detail: JSONValue

    public init(at: Date, actor: AuditEvent.Actor, action: String, target: String? = nil, detail: JSONValue = .object([:])) {
        self.at = at
        self.actor = actor
        self.action = action
        self.target = target
        self.detail = detail
    }
}
