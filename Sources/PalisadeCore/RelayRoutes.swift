/// What an edge and a core say to each other over a relay link besides devices' requests: paths the core answers
/// only on relay links, and the header that carries a command's approval to the edge's command gate.
public enum RelayRoutes {
    /// GET: the audit chain head (JSON `AuditChainHead`), 204 when the log is empty.
    public static let auditHead = "/relay/audit-head"
    /// POST: alarms and inspection refusals the edge reports (JSON `EdgeEventBatch`), answered 204.
    public static let events = "/relay/events"
    /// GET: signed releases of wipe circuit breakers (JSON `WipeBreakerReleaseList`).
    public static let wipeBreakerReleases = "/relay/wipe-breaker-releases"
    /// On a connect response: the command's `SignedApproval` as base64 of its JSON. Edges never pass it to devices.
    public static let approvalHeader = "X-Palisade-Approval"
}
