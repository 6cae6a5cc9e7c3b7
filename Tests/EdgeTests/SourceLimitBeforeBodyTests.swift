@testable import Edge
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Inspection
import Logging
import NIOCore
import PalisadeCore
import Prometheus
import Relay
import Testing

/// The per-source rate limit is charged before the request body is read, as `docs/configuration.md` says.
@Suite struct SourceLimitBeforeBodyTests {
    @Test func aSourceOverItsLimitIs429dWithoutItsBodyBeingRead() async throws {
        let registry = PrometheusCollectorRegistry()
        let metrics = EdgeMetrics(factory: PrometheusMetricsFactory(registry: registry))
        let logger = Logger(label: "test.edge")
        let pool = RelayLinkPool()
        let events = EdgeEventReporter(pool: pool, edge: "sha256:edge", interval: .seconds(60), logger: logger)
        let responder = EdgeResponder(
            gate: InspectionGate(policy: InspectionPolicy(sourceRate: RateLimit(burst: 1, perSecond: 0))),
            commands: CommandGate(settings: CommandGateSettings(), responseLimits: InspectionPolicy.standard.responseLimits),
            alarms: EdgeAlarms(metrics: metrics, events: events, clock: SystemWallClock(), logger: logger), pool: pool, metrics: metrics,
            relayTimeout: .seconds(1), clock: SystemWallClock(), logger: logger
        )
        let app = Application(responder: responder, logger: logger)
        try await app.test(.router) { client in
            // The source's one token: served as far as the edge goes (no core is connected).
            try await client.execute(uri: "/pki/ca.pem", method: .get) { #expect($0.status == .serviceUnavailable) }
            // A body larger than any device message would be 413 if it were read first; refused on the source's
            // limit, it is never read.
            let oversized = ByteBuffer(repeating: 0x41, count: (1 << 20) + 4096)
            try await client.execute(uri: "/mdm/connect", method: .put, body: oversized) { response in
                #expect(response.status == .tooManyRequests)
                #expect(response.headers[.retryAfter] != nil)
            }
        }
        var text: [UInt8] = []
        registry.emit(into: &text)
        #expect(String(decoding: text, as: UTF8.self).contains(#"palisade_edge_rules_fired_total{direction="request",rule="rate.source"} 1"#))
    }
}
