import Metrics

/// What the edge counts, for `/metrics`: every inspection verdict by endpoint and decision, every rule that fired,
/// and every relay failure by reason. Labels are fixed names, never values from a request.
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
}
