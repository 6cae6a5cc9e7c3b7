/// What an edge posts to `RelayRoutes.events`: the events since its last report, and its own name for them.
public struct EdgeEventBatch: Codable, Sendable, Hashable {
    /// The edge's relay key pin, so the audit log says which edge saw it.
    public var edge: String
    public var events: [EdgeEvent]

    public init(edge: String, events: [EdgeEvent]) {
        self.edge = edge
        self.events = events
    }
}
