import Metrics
import PKI

/// What the edge counts, for `/metrics`: every inspection verdict by endpoint and decision, every rule that fired,
/// every relay failure by reason, and the command gate's refusals and wipe-breaker holds. Labels are fixed names,
/// never values from a request.
struct EdgeMetrics: Sendable {
    let factory: any MetricsFactory

    func verdict(direction: String, endpoint: String, decision: String) {
        Counter(
            label: "palisade_edge_inspections_total",
            dimensions: [("direction", direction), ("endpoint", endpoint), ("decision", decision)], factory: factory
        ).increment()
    }

    func rule(_ id: String, direction: String) {
        Counter(label: "palisade_edge_rules_fired_total", dimensions: [("direction", direction), ("rule", id)], factory: factory).increment()
    }

    func relayFailure(_ reason: String) {
        Counter(label: "palisade_edge_relay_failures_total", dimensions: [("reason", reason)], factory: factory).increment()
    }

    func relayed(endpoint: String, status: Int) {
        Counter(label: "palisade_edge_relayed_total", dimensions: [("endpoint", endpoint), ("status", String(status))], factory: factory).increment()
    }

    func commandRefused(_ refusal: ApprovalQuorum.Refusal) {
        Counter(label: "palisade_edge_command_gate_refusals_total", dimensions: [("reason", Self.label(refusal))], factory: factory).increment()
    }

    func wipeHeld() {
        Counter(label: "palisade_edge_wipe_breaker_holds_total", factory: factory).increment()
    }

    /// 1 while the wipe breaker holds every erase, 0 while it is closed.
    func wipeBreaker(tripped: Bool) {
        Gauge(label: "palisade_edge_wipe_breaker_tripped", factory: factory).record(tripped ? 1 : 0)
    }

    /// A refusal's kind without its detail, so the label has a fixed set of values.
    static func label(_ refusal: ApprovalQuorum.Refusal) -> String {
        switch refusal {
        case .missing: "missing"
        case .malformed: "malformed"
        case .altered: "altered"
        case .retargeted: "retargeted"
        case .expired: "expired"
        case .forged: "forged"
        case .underQuorum: "under-quorum"
        case .replayed: "replayed"
        }
    }
}
