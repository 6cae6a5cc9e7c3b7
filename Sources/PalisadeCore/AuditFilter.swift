import Foundation

/// Which audit events a listing returns; every field set narrows it.
public struct AuditFilter: Sendable, Hashable {
    /// Exact action (`device.delete`) or a prefix ending in a dot (`device.`).
    public var action: String?
    public var actor: AuditEvent.Actor?
    public var target: String?
    public var since: Date?
    public var until: Date?

    public init(action: String? = nil, actor: AuditEvent.Actor? = nil, target: String? = nil, since: Date? = nil, until: Date? = nil) {
        self.action = action
        self.actor = actor
        self.target = target
        self.since = since
        self.until = until
    }
}
