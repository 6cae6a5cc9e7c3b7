import Connections
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdHTTP2
import HummingbirdTLS
import Logging
import Metrics
import NIOCore
import NIOSSL
import PalisadeCore
import PKI
import Prometheus
import Relay
import ServiceLifecycle
import Synchronization

/// A running core: the admin API listener, the device listener (TLS, enrolment, SCEP, Apple MDM), pushes and the
/// queue's upkeep, stopped together on SIGINT or SIGTERM.
public struct CoreServer: Sendable {
    /// Where the listeners ended up (ports chosen by the system when configured as 0).
    public struct Addresses: Sendable {
        public var adminURL: String
        public var deviceURL: String
        /// The CA the admin listener's certificate chains to, written for administrators' clients to trust, when
        /// the admin API speaks TLS with a certificate from Palisade's CA.
        public var adminCAFile: String?
    }

    public let configuration: CoreConfiguration
    public let storage: any PalisadeStorage
    public let clock: any WallClock
    public let metrics: PrometheusCollectorRegistry
    public let logger: Logger
    /// Overrides the push service (tests); `nil` builds one from the configuration.
    let pusherOverride: (any DevicePusher)?
    /// The key the core proves to edges; `nil` loads (or makes) the configured file when edges are configured.
    let relayIdentity: RelayIdentity?
    /// Told each time a relay link to an edge comes up (tests, `palisade up`).
    let onRelayConnected: (@Sendable (RelayEdgeAddress) -> Void)?

    public init(
        configuration: CoreConfiguration, storage: any PalisadeStorage, clock: any WallClock = SystemWallClock(),
        metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(), pusher: (any DevicePusher)? = nil,
        relayIdentity: RelayIdentity? = nil, onRelayConnected: (@Sendable (RelayEdgeAddress) -> Void)? = nil, logger: Logger
    ) {
        self.relayIdentity = relayIdentity
        self.onRelayConnected = onRelayConnected
        self.configuration = configuration
        self.storage = storage
        self.clock = clock
        self.metrics = metrics
        self.pusherOverride = pusher
        self.logger = logger
    }

    /// Where the key-encryption keys are: `PALISADE_KEK` if set, else the configured file; retired keys beside it.
    public static func keyEncryptionKeyFiles(
        _ configuration: CoreConfiguration, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> KeyEncryptionKeyFiles {
        KeyEncryptionKeyFiles(
            currentFile: URL(fileURLWithPath: configuration.effectiveKeyEncryptionKeyFile), environmentKey: environment["PALISADE_KEK"]
        )
    }

    /// The CA, profile signer and device TLS identity (made on first start). `palisade up` and tests give the
    /// device TLS identity to the edge that faces devices for this core.
    public static func loadKeyring(configuration: CoreConfiguration, storage: any PalisadeStorage) async throws -> CoreKeyring {
        let kek = try ReloadingKeyRing(files: keyEncryptionKeyFiles(configuration))
        let publicHost = configuration.devicePublicURL.flatMap { URL(string: $0)?.host }
        func served(_ names: [String?]) -> [String] {
            (["localhost", "127.0.0.1", "::1"] + names.compactMap { $0 }).filter { $0 != "0.0.0.0" && $0 != "::" }
        }
        var adminHostnames: [String]?
        if case .palisadeCA(let names) = configuration.adminTLS { adminHostnames = served([configuration.admin.host] + names) }
        return try await CoreKeyring.load(
            store: storage, keyEncryptionKey: kek, tlsHostnames: served([configuration.device.host, publicHost]), adminHostnames: adminHostnames
        )
    }

    /// Serves until a shutdown signal; `onListening` runs once both listeners are bound.
    public func run(handle: StopHandle? = nil, onListening: @escaping @Sendable (Addresses) async -> Void) async throws {
        let keyring = try await Self.loadKeyring(configuration: configuration, storage: storage)
        let relayIdentity = configuration.edges.isEmpty
            ? nil : try self.relayIdentity ?? RelayIdentity.loadOrCreate(path: configuration.effectiveRelayIdentityFile)
        // Behind edges, the core's outbound calls leave through them: its HTTP clients use a loopback CONNECT proxy
        // that carries each tunnel over an edge.
        var egress: EgressForwarder?
        if let relayIdentity { egress = try await EgressForwarder.bind(edges: configuration.edges, identity: relayIdentity, logger: logger) }
        let pushService = pusherOverride == nil
            ? try await PushService.start(
                storage: storage, keyring: keyring, configuration: configuration, egressProxyPort: egress?.port, logger: logger
            ) : nil
        let pusher: any DevicePusher = pusherOverride ?? pushService!
        let topic = pushService?.topic ?? "com.apple.mgmt.External.palisade-test"

        let deviceURL = DeviceURL(configured: configuration.devicePublicURL)
        let enrollment = EnrollmentService(
            storage: storage, keyring: keyring, clock: clock, publicURL: { deviceURL.value }, topic: topic,
            invitationValidity: TimeInterval(configuration.invitationValidityHours) * 3600, logger: logger
        )
        let approvals = CommandApprovals(
            storage: storage, keyEncryptionKey: keyring.keyEncryptionKey, policy: ApprovalPolicy(overrides: configuration.approvalsRequired),
            validity: TimeInterval(configuration.approvalValidityHours) * 3600
        )
        let alarms = BreachAlarms(
            audit: storage, clock: clock, metrics: PrometheusMetricsFactory(registry: metrics),
            silenceThreshold: TimeInterval(configuration.resultSilenceAlarmMinutes) * 60, logger: logger
        )
        let apple = AppleDeviceService(
            storage: storage, keyring: keyring, clock: clock, pusher: pusher, initialCommands: configuration.initialCommands,
            approvals: approvals, alarms: alarms, logger: logger
        )
        let devices = try DeviceEndpoints(apple: apple, enrollment: enrollment, storage: storage, keyring: keyring, clock: clock, logger: logger)
        let compliance = ComplianceService(storage: storage, clock: clock, settings: configuration.compliance, pusher: pusher, logger: logger)
        let api = AdminAPI(
            storage: storage, clock: clock, metrics: metrics, maximumBodyBytes: configuration.maximumRequestBodyBytes,
            pusher: pusher, enrollment: enrollment, pushService: pushService, approvals: approvals, compliance: compliance
        )
        let adminCAFile = try Self.writeAdminCA(keyring: keyring, configuration: configuration)
        let bound = BoundListeners { admin, device in
            await onListening(Addresses(adminURL: admin, deviceURL: device, adminCAFile: adminCAFile))
        }
        let listenerMetrics = PrometheusMetricsFactory(registry: metrics)
        let adminTLS = configuration.adminTLS.isOn
        // The admin listener has a small cap of its own, inside the descriptor reserve a device listener leaves.
        let adminWarden = ConnectionWarden(
            listener: "admin", limits: .admin(maximumBodyBytes: configuration.maximumRequestBodyBytes), tls: adminTLS, metrics: listenerMetrics,
            logger: logger
        )
        let adminApp = Application(
            router: api.router(), server: try Self.adminServer(configuration.adminTLS, keyring: keyring, warden: adminWarden),
            configuration: .init(address: .hostname(configuration.admin.host, port: configuration.admin.port), serverName: "palisade-admin"),
            onServerRunning: { channel in await bound.admin(Self.url(of: channel, host: configuration.admin.host, tls: adminTLS)) },
            logger: logger
        )
        let scheme = configuration.deviceTLS
        let onDeviceRunning: @Sendable (any Channel) async -> Void = { channel in
            let url = Self.url(of: channel, host: configuration.device.host, tls: scheme)
            deviceURL.bind(url)
            await bound.device(url)
        }
        var services: [any Service] = [adminApp]
        let deviceLimits = ConnectionLimits.device(maximumBodyBytes: max(DeviceEndpoints.maximumBody, SCEPServer.maximumMessageSize))
        let deviceAddress = ApplicationConfiguration(address: .hostname(configuration.device.host, port: configuration.device.port), serverName: "palisade")
        if !configuration.deviceListen {
            await bound.device(deviceURL.value)
        } else if configuration.deviceTLS {
            var tls = TLSConfiguration.makeServerConfiguration(
                certificateChain: [.certificate(try NIOSSLCertificate(bytes: Array(keyring.deviceTLS.certificatePEM.utf8), format: .pem))],
                privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(keyring.deviceTLS.privateKey.pemRepresentation.utf8), format: .pem))
            )
            tls.minimumTLSVersion = .tlsv12
            // Devices may authenticate with their identity certificate in the handshake; one that presents a
            // certificate must present one of Palisade's CA, and one that presents none signs its messages.
            tls.certificateVerification = .optionalVerification
            tls.trustRoots = .certificates([try NIOSSLCertificate(bytes: Array(keyring.authority.identity.certificatePEM.utf8), format: .pem)])
            let warden = ConnectionWarden(listener: "device", limits: deviceLimits, tls: true, metrics: listenerMetrics, logger: logger)
            services.append(Application(
                router: devices.router(), server: .guardedHTTP1(warden: warden, tls: tls), configuration: deviceAddress,
                onServerRunning: onDeviceRunning, logger: logger
            ))
        } else {
            let warden = ConnectionWarden(listener: "device", limits: deviceLimits, tls: false, metrics: listenerMetrics, logger: logger)
            services.append(Application(
                router: devices.router(), server: .guardedHTTP1(warden: warden), configuration: deviceAddress, onServerRunning: onDeviceRunning,
                logger: logger
            ))
        }
        if let relayIdentity {
            let recorder = EdgeEventRecorder(storage: storage, clock: clock, logger: logger)
            for edge in configuration.edges {
                // One channel per edge, so each relayed request says which edge it came through.
                let relayed = Self.relayChannel(
                    edge: edge.pin.description, devices: devices, audit: storage, edgeEvents: recorder,
                    metrics: PrometheusMetricsFactory(registry: metrics), logger: logger
                )
                services.append(try RelayDialer(edge: edge, identity: relayIdentity, child: relayed, logger: logger, onConnected: onRelayConnected))
            }
        }
        if let sink = configuration.auditSink {
            services.append(AuditHeadSink(
                destination: try AuditHeadSink.Destination(sink), audit: storage,
                interval: .seconds(configuration.auditHeadIntervalSeconds), logger: logger
            ))
        }
        // Services stop in reverse order: the egress forwarder last, so pushes made while draining still leave.
        if let egress { services.insert(egress, at: 0) }
        let maintenance = QueueMaintenance(
            queue: storage, clock: clock, retentionDays: configuration.commandRetentionDays, audit: storage, logger: logger
        )
        if configuration.compliance.intervalSeconds > 0 {
            services.append(ComplianceSchedule(compliance: compliance, interval: .seconds(configuration.compliance.intervalSeconds), logger: logger))
        }
        let group = ServiceGroup(configuration: .init(
            services: (services + [maintenance]).map { .init(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        ))
        handle?.attach(group)
        do {
            try await group.run()
        } catch {
            await pushService?.shutdown()
            throw error
        }
        await pushService?.shutdown()
    }

    /// What the core runs on each relay link it dials: an HTTP/2 server whose requests go to the device routes
    /// with `RelayedDeviceRequestContext`.
    static func relayChannel(
        edge: String, devices: DeviceEndpoints, audit: any AuditLog, edgeEvents: EdgeEventRecorder, metrics: any MetricsFactory, logger: Logger
    ) -> HTTP2Channel {
        let router = devices.router(context: RelayedDeviceRequestContext.self)
        // Only on relay links (the core's own device listener has none of these routes): edges fetch the audit
        // chain head to keep a copy outside the database, report what they refused, and fetch signed releases of
        // their wipe circuit breakers.
        router.get(RouterPath(RelayRoutes.auditHead)) { _, _ in
            guard let head = try await audit.auditChainHead() else { return Response(status: .noContent) }
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(data: try JSONEncoder().encode(head)))
            )
        }
        router.post(RouterPath(RelayRoutes.events)) { request, _ in
            var request = request
            let body = try await request.collectBody(upTo: 4 << 20)
            guard let batch = try? JSONDecoder().decode(EdgeEventBatch.self, from: Data(buffer: body)) else {
                return Response(status: .badRequest)
            }
            try await edgeEvents.record(batch)
            return Response(status: .noContent)
        }
        router.get(RouterPath(RelayRoutes.wipeBreakerReleases)) { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(data: try JSONEncoder().encode(try await edgeEvents.releases())))
            )
        }
        let responder = router.buildResponder()
        // Devices' requests only: the edge's own calls (audit head, events, releases) are counted apart, so the figure
        // says what devices sent through the edge.
        let received = Counter(label: "palisade_core_relayed_requests_total", factory: metrics)
        let fromEdge = Counter(label: "palisade_core_relay_edge_calls_total", factory: metrics)
        return HTTP2Channel(
            responder: { request, writer, channel in
                if request.uri.path.hasPrefix("/relay/") { fromEdge.increment() } else { received.increment() }
                var context = RelayedDeviceRequestContext(source: .init(channel: channel, logger: logger))
                context.relayingEdge = edge
                let response: Response
                do {
                    response = try await responder.respond(to: request, context: context)
                } catch {
                    response = Response(status: .serviceUnavailable)
                }
                try await writer.write(response: response.head, body: response.body)
            },
            configuration: .init(gracefulCloseTimeout: .seconds(30))
        )
    }

    /// HTTP/1.1 guarded by `warden` (timeouts, connection caps), over TLS unless the configuration turns it off
    /// (TLS 1.2 or later; no client certificate: the bearer token authenticates).
    static func adminServer(_ setting: AdminTLS, keyring: CoreKeyring, warden: ConnectionWarden) throws -> HTTPServerBuilder {
        let chain: [NIOSSLCertificate]
        let key: NIOSSLPrivateKey
        switch setting {
        case .off:
            return .guardedHTTP1(warden: warden)
        case .palisadeCA:
            guard let identity = keyring.adminTLS else { throw ConfigurationError("the admin listener's certificate was not issued") }
            chain = [try NIOSSLCertificate(bytes: Array(identity.certificatePEM.utf8), format: .pem)]
            key = try NIOSSLPrivateKey(bytes: Array(identity.privateKey.pemRepresentation.utf8), format: .pem)
        case .files(let certificateFile, let keyFile):
            do {
                chain = try NIOSSLCertificate.fromPEMFile(certificateFile)
                key = try NIOSSLPrivateKey(file: keyFile, format: .pem)
            } catch {
                throw ConfigurationError("admin.certificateFile / admin.privateKeyFile: cannot read a PEM chain and key (\(error))")
            }
            guard !chain.isEmpty else { throw ConfigurationError("admin.certificateFile holds no certificate") }
        }
        var tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        tls.minimumTLSVersion = .tlsv12
        return .guardedHTTP1(warden: warden, tls: tls)
    }

    /// Writes the CA to `palisade-ca.pem` in the data directory when the admin listener's certificate is Palisade's,
    /// so the CLI on this host can be pointed at it; returns its path.
    static func writeAdminCA(keyring: CoreKeyring, configuration: CoreConfiguration) throws -> String? {
        guard case .palisadeCA = configuration.adminTLS else { return nil }
        let directory = URL(fileURLWithPath: configuration.dataDirectory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("palisade-ca.pem")
        try Data(keyring.authority.identity.certificatePEM.utf8).write(to: file, options: .atomic)
        return file.path
    }

    private static func url(of channel: any Channel, host: String, tls: Bool) -> String {
        "\(tls ? "https" : "http")://" + BoundAddress.hostPort(of: channel, host: host)
    }
}

/// Stops a running core gracefully from code (tests, benchmarks), as SIGTERM does.
public final class StopHandle: Sendable {
    private let group = Mutex<ServiceGroup?>(nil)

    public init() {}

    func attach(_ serviceGroup: ServiceGroup) { group.withLock { $0 = serviceGroup } }

    public func stop() async {
        await group.withLock { $0 }?.triggerGracefulShutdown()
    }
}

/// The device listener's public base URL: configured, or learnt once the listener is bound (port 0 in tests).
final class DeviceURL: Sendable {
    private let state: Mutex<String>
    private let configured: Bool

    init(configured: String?) {
        state = Mutex(configured ?? "https://127.0.0.1")
        self.configured = configured != nil
    }

    var value: String { state.withLock { $0 } }

    func bind(_ url: String) {
        guard !configured else { return }
        state.withLock { $0 = url }
    }
}

/// Waits for both listeners to report their address, then reports both at once.
private actor BoundListeners {
    private var adminURL: String?
    private var deviceURL: String?
    private let report: @Sendable (String, String) async -> Void

    init(report: @escaping @Sendable (String, String) async -> Void) { self.report = report }

    func admin(_ url: String) async {
        adminURL = url
        await reportIfReady()
    }

    func device(_ url: String) async {
        deviceURL = url
        await reportIfReady()
    }

    private func reportIfReady() async {
        guard let adminURL, let deviceURL else { return }
        await report(adminURL, deviceURL)
    }
}
