import Connections
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PalisadeCore
import Prometheus
import Relay
import ServiceLifecycle
import Inspection

/// A running edge: the device listener (TLS, inspection, relay to cores), the relay port cores dial, and the
/// egress tunnel. It holds no database, no CA key, no push credential and no admin API, and writes nothing to disk.
public struct EdgeServer: Sendable {
    /// Where the listeners ended up (ports chosen by the system when configured as 0).
    public struct Addresses: Sendable {
        public var deviceURL: String
        public var relayAddress: String
        public var metricsURL: String?
    }

    public let settings: EdgeSettings
    public let metrics: PrometheusCollectorRegistry
    public let logger: Logger
    public let clock: any WallClock
    /// The cores connected now.
    public let pool: RelayLinkPool
    /// The cores' audit chain head, as last seen.
    public let auditHeads: AuditHeadWatcher
    /// Decides which sensitive commands reach devices; `palisade up` swaps its keys as administrators register them.
    public let commandGate: CommandGate
    /// Events on their way to a core's audit log.
    public let events: EdgeEventReporter

    public init(settings: EdgeSettings, metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(), clock: any WallClock = SystemWallClock(), logger: Logger) {
        self.settings = settings
        self.metrics = metrics
        self.clock = clock
        self.logger = logger
        let pool = RelayLinkPool()
        self.pool = pool
        auditHeads = AuditHeadWatcher(
            pool: pool, interval: settings.auditHeadInterval, metrics: PrometheusMetricsFactory(registry: metrics), logger: logger
        )
        commandGate = CommandGate(settings: settings.approvals, responseLimits: settings.inspection.responseLimits)
        events = EdgeEventReporter(pool: pool, edge: settings.relayIdentity.pin.description, interval: settings.eventReportInterval, logger: logger)
    }

    /// Serves until cancelled or, with `stopsOnSignals`, until SIGTERM or SIGINT.
    public func run(stopsOnSignals: Bool = true, onListening: @escaping @Sendable (Addresses) async -> Void) async throws {
        let counters = EdgeMetrics(factory: PrometheusMetricsFactory(registry: metrics))
        let gate = InspectionGate(policy: settings.inspection)
        let alarms = EdgeAlarms(metrics: counters, events: events, clock: clock, logger: logger)
        counters.wipeBreaker(tripped: false)
        for warning in settings.approvals.warnings { logger.warning("command gate: \(warning)") }
        let releases = WipeBreakerReleasePoller(
            pool: pool, gate: commandGate, interval: settings.releasePollInterval, logger: logger, onReleased: { alarms.wipeReleased(trippedAt: $0) },
            onIgnored: { alarms.wipeReleaseIgnored($0, reason: $1) }
        )
        let egress = settings.egress.map { EgressTunnel(allowList: $0, metrics: counters, logger: logger) }
        let listening = ListeningEdge(expectMetrics: settings.metrics != nil, report: onListening)

        var egressService: RelayListener.EgressService?
        if let egress { egressService = { channel, _ in await egress.serve(channel) } }
        let relayListener = try RelayListener(identity: settings.relayIdentity, corePins: settings.coreKeys, pool: pool, egress: egressService)
        let relayServer = relayListener.server(
            configuration: ServerConfiguration(address: .hostname(settings.relay.host, port: settings.relay.port)),
            onServerRunning: { channel in
                await listening.relay(BoundAddress.hostPort(of: channel, host: settings.relay.host))
            },
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton, logger: logger
        )

        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMBytes(Array(settings.deviceCertificateChainPEM.utf8)).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(settings.devicePrivateKeyPEM.utf8), format: .pem))
        )
        tls.minimumTLSVersion = .tlsv12
        if let caPEM = settings.deviceClientCAPEM {
            // A device may prove itself with its identity certificate in the handshake; one that presents a
            // certificate must present one of Palisade's CA, and one that presents none signs its messages.
            tls.certificateVerification = .optionalVerification
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(caPEM.utf8)))
        } else {
            tls.certificateVerification = .none
        }
        let responder = EdgeResponder(
            gate: gate, commands: commandGate, alarms: alarms, pool: pool, metrics: counters, relayTimeout: settings.relayTimeout, clock: clock,
            logger: logger
        )
        var limits = settings.deviceConnections
        limits.maximumBodyBytes = responder.maximumRequestBody
        let warden = ConnectionWarden(listener: "device", limits: limits, tls: true, metrics: PrometheusMetricsFactory(registry: metrics), logger: logger)
        let deviceApp = Application(
            responder: responder, server: .guardedHTTP1(warden: warden, tls: tls),
            configuration: .init(address: .hostname(settings.device.host, port: settings.device.port), serverName: nil),
            onServerRunning: { channel in
                await listening.device("https://" + BoundAddress.hostPort(of: channel, host: settings.device.host))
            },
            logger: logger
        )
        // Services stop in reverse order: devices first, then the relay links their requests need (the event
        // reporter's last flush among them).
        var services: [any Service] = [relayServer, events, deviceApp, auditHeads, releases]
        if let metricsListener = settings.metrics {
            let router = Router()
            let registry = metrics
            let pool = pool
            router.get("/metrics") { _, _ in
                var buffer: [UInt8] = []
                registry.emit(into: &buffer)
                return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
            }
            let auditHeads = auditHeads
            router.get("/audit-head") { _, _ in
                guard let head = auditHeads.latest else { return Response(status: .noContent) }
                return Response(
                    status: .ok, headers: [.contentType: "application/json"],
                    body: .init(byteBuffer: ByteBuffer(string: #"{"sequence":\#(head.sequence),"hash":"\#(head.hash)"}"#))
                )
            }
            router.get("/health") { _, _ in
                let cores = pool.availableCount
                return Response(
                    status: cores > 0 ? .ok : .serviceUnavailable, headers: [.contentType: "application/json"],
                    body: .init(byteBuffer: ByteBuffer(string: "{\"cores\":\(cores)}"))
                )
            }
            services.append(Application(
                router: router, configuration: .init(address: .hostname(metricsListener.host, port: metricsListener.port)),
                onServerRunning: { channel in await listening.metrics("http://" + BoundAddress.hostPort(of: channel, host: metricsListener.host)) },
                logger: logger
            ))
        }
        let group = ServiceGroup(configuration: .init(
            services: services.map { .init(service: $0) }, gracefulShutdownSignals: stopsOnSignals ? [.sigterm, .sigint] : [], logger: logger
        ))
        try await group.run()
    }

}

/// Reports the edge's addresses once every listener is bound.
private actor ListeningEdge {
    private var deviceURL: String?
    private var relayAddress: String?
    private var metricsURL: String?
    private let expectMetrics: Bool
    private let report: @Sendable (EdgeServer.Addresses) async -> Void

    init(expectMetrics: Bool, report: @escaping @Sendable (EdgeServer.Addresses) async -> Void) {
        self.expectMetrics = expectMetrics
        self.report = report
    }

    func device(_ url: String) async {
        deviceURL = url
        await reportIfReady()
    }

    func relay(_ address: String) async {
        relayAddress = address
        await reportIfReady()
    }

    func metrics(_ url: String) async {
        metricsURL = url
        await reportIfReady()
    }

    private func reportIfReady() async {
        guard let deviceURL, let relayAddress, !expectMetrics || metricsURL != nil else { return }
        await report(EdgeServer.Addresses(deviceURL: deviceURL, relayAddress: relayAddress, metricsURL: metricsURL))
    }
}
