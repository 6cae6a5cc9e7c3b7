import Core
import Edge
import Foundation
import Inspection
import Logging
import Prometheus
import PalisadeCore
import Relay
import Simulator
import Storage
import Synchronization
import X509
import TestSupport

/// The split proxy running in-process on loopback: one edge facing devices (real TLS, inspection) and cores that
/// dial it over real relay links (mutual TLS, pinned keys, HTTP/2) and listen on no device port at all. The cores
/// share one SQLite database, as cores share PostgreSQL in production; their pushes leave through the edge's
/// egress tunnel to an APNs stand-in.
final class LiveSplit: LiveDeployment {
    let storage: SQLStorage
    let standIn: APNsStandIn
    /// The edges, each dialled by every core; devices' profiles name the first.
    let edges: [EdgeServer]
    let edgeAddresses: [EdgeServer.Addresses]
    var edge: EdgeServer { edges[0] }
    let token: String
    let caCertificate: Certificate
    private let edgeTasks: [Task<Void, any Error>]
    let directory: URL
    private let baseConfiguration: CoreConfiguration
    /// The cores' clock (the edges keep the system's).
    private let clock: any WallClock
    private let cores = Mutex<[RunningCore]>([])

    struct RunningCore: Sendable {
        let task: Task<Void, any Error>
        let metrics: PrometheusCollectorRegistry
        let handle: StopHandle
        let adminURL: String
        let identity: RelayIdentity
    }

    static func start(
        cores count: Int = 1, edges edgeCount: Int = 1, initialCommands: [String] = ["DeviceInformation", "InstalledApplicationList"],
        auditHeadInterval: Duration = .seconds(60), eventReportInterval: Duration = .seconds(60), wipeLimit: Int = 10,
        releasePollInterval: Duration = .seconds(5), clock: any WallClock = SystemWallClock()
    ) async throws -> LiveSplit {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("palisade-split-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let storage = try await SQLStorage.sqlite(path: directory.appendingPathComponent("palisade.sqlite").path)
        let token = try await AdminBootstrap.ensureFirstAdministrator(in: storage, clock: SystemWallClock())!
        let standIn = try APNsStandIn()
        _ = try await standIn.start()
        let standInURL = await standIn.baseURL!
        let trustFile = directory.appendingPathComponent("apns-ca.pem")
        try (standIn.trustRoot.serializeAsPEM().pemString + "\n").write(to: trustFile, atomically: true, encoding: .utf8)

        var configuration = CoreConfiguration(dataDirectory: directory.path)
        configuration.admin = .init(host: "127.0.0.1", port: 0)
        configuration.device = .init(host: "127.0.0.1", port: 0)
        configuration.deviceListen = false
        // By name: the egress allow-list names services, never addresses.
        configuration.apnsEndpoint = "https://localhost:\(standInURL.port!)"
        configuration.apnsTrustRootsFile = trustFile.path
        configuration.initialCommands = initialCommands
        configuration.keyEncryptionKeyFile = directory.appendingPathComponent("kek").path
        let keyring = try await CoreServer.loadKeyring(configuration: configuration, storage: storage)

        // Each core gets its own key; the edge pins them all. Keys are made up front so the edge knows them.
        let coreIdentities = try (0..<max(count, 3)).map { _ in try RelayIdentity() }
        var logger = Logger(label: "palisade.test.split")
        logger.logLevel = ProcessInfo.processInfo.environment["PALISADE_TEST_LOG"].flatMap { Logger.Level(rawValue: $0) } ?? .error
        var edges: [EdgeServer] = []
        var tasks: [Task<Void, any Error>] = []
        var addresses: [EdgeServer.Addresses] = []
        configuration.edges = []
        for _ in 0..<edgeCount {
            let edgeIdentity = try RelayIdentity()
            var settings = EdgeSettings(
                device: .init(host: "127.0.0.1", port: 0), deviceCertificateChainPEM: keyring.deviceTLS.certificatePEM,
                devicePrivateKeyPEM: keyring.deviceTLS.privateKey.pemRepresentation, deviceClientCAPEM: keyring.authority.identity.certificatePEM,
                relay: .init(host: "127.0.0.1", port: 0), relayIdentity: edgeIdentity, coreKeys: Set(coreIdentities.map(\.pin)),
                egress: try EgressAllowList(entries: ["localhost:\(standInURL.port!)"]), relayTimeout: .seconds(10),
                metrics: .init(host: "127.0.0.1", port: 0)
            )
            settings.auditHeadInterval = auditHeadInterval
            // Like the audit head, the edge's own reports cross the relay link: kept out of tests that count what
            // devices' requests reach the core.
            settings.eventReportInterval = eventReportInterval
            settings.approvals.wipeLimit = wipeLimit
            settings.releasePollInterval = releasePollInterval
            let edge = EdgeServer(settings: settings, logger: logger)
            let (stream, continuation) = AsyncStream<EdgeServer.Addresses>.makeStream()
            tasks.append(Task { try await edge.run(stopsOnSignals: false) { continuation.yield($0) } })
            var iterator = stream.makeAsyncIterator()
            guard let bound = await iterator.next() else { throw LiveCoreError("the edge did not start") }
            edges.append(edge)
            addresses.append(bound)
            configuration.edges.append(try RelayEdgeAddress(address: bound.relayAddress, pin: edgeIdentity.pin))
        }
        configuration.devicePublicURL = addresses[0].deviceURL
        let split = LiveSplit(
            storage: storage, standIn: standIn, edges: edges, edgeAddresses: addresses, token: token,
            caCertificate: keyring.authority.certificate, edgeTasks: tasks, directory: directory, baseConfiguration: configuration,
            clock: clock
        )
        for index in 0..<count { _ = try await split.startCore(identity: coreIdentities[index]) }
        split.spareIdentities.withLock { $0 = Array(coreIdentities[count...]) }
        guard try await Polling.until(20, { edges.allSatisfy { $0.pool.availableCount == count } }) else {
            throw LiveCoreError("the cores did not connect to the edge")
        }
        return split
    }

    private let spareIdentities = Mutex<[RelayIdentity]>([])

    private init(
        storage: SQLStorage, standIn: APNsStandIn, edges: [EdgeServer], edgeAddresses: [EdgeServer.Addresses],
        token: String, caCertificate: Certificate, edgeTasks: [Task<Void, any Error>], directory: URL, baseConfiguration: CoreConfiguration,
        clock: any WallClock
    ) {
        self.clock = clock
        self.caCertificate = caCertificate
        self.storage = storage
        self.standIn = standIn
        self.edges = edges
        self.edgeAddresses = edgeAddresses
        self.token = token
        self.edgeTasks = edgeTasks
        self.directory = directory
        self.baseConfiguration = baseConfiguration
    }

    /// Gives every edge the team's public keys, as an operator writes them into each edge's configuration: from the
    /// administrators' own copies, not from the core's database.
    func trust(_ team: ApprovalTeam) {
        for edge in edges { edge.commandGate.replaceTrustedKeys(team.trustedKeys) }
    }

    /// Starts one more core (with a key the edge pins) and returns its index.
    @discardableResult
    func startCore(identity: RelayIdentity? = nil) async throws -> Int {
        let identity = try identity ?? spareIdentities.withLock { $0.isEmpty ? nil : $0.removeFirst() } ?? RelayIdentity()
        var logger = Logger(label: "palisade.test.core")
        logger.logLevel = ProcessInfo.processInfo.environment["PALISADE_TEST_LOG"].flatMap { Logger.Level(rawValue: $0) } ?? .error
        let metrics = PrometheusCollectorRegistry()
        // Each core has its own connection to the shared file, as separate processes would.
        let storage = try await SQLStorage.sqlite(path: directory.appendingPathComponent("palisade.sqlite").path)
        let server = CoreServer(
            configuration: baseConfiguration, storage: storage, clock: clock, metrics: metrics, relayIdentity: identity, logger: logger
        )
        let (stream, continuation) = AsyncStream<CoreServer.Addresses>.makeStream()
        let handle = StopHandle()
        let task = Task {
            defer { Task { await storage.close() } }
            try await server.run(handle: handle) { continuation.yield($0) }
        }
        var iterator = stream.makeAsyncIterator()
        guard let addresses = await iterator.next() else { throw LiveCoreError("the core did not start") }
        return cores.withLock { cores in
            cores.append(RunningCore(task: task, metrics: metrics, handle: handle, adminURL: addresses.adminURL, identity: identity))
            return cores.count - 1
        }
    }

    /// Ends a core at once, without draining: its relay links drop mid-request, as when the process is killed.
    func killCore(_ index: Int) async {
        let core = cores.withLock { $0[index] }
        core.task.cancel()
        _ = try? await core.task.value
    }

    /// Stops a core gracefully: it tells the edge it is draining, finishes what it has, then disconnects.
    func drainCore(_ index: Int) async {
        let core = cores.withLock { $0[index] }
        await core.handle.stop()
        _ = try? await core.task.value
    }

    var deviceURL: String { edgeAddresses[0].deviceURL }

    /// How many device requests core `core` received over its relay links (its own metrics, not the edge's).
    func relayedCount(core: Int = 0) -> Int {
        let registry = cores.withLock { $0[core].metrics }
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        let line = String(decoding: buffer, as: UTF8.self).split(separator: "\n")
            .first { $0.hasPrefix("palisade_core_relayed_requests_total ") }
        return line.flatMap { Double($0.split(separator: " ").last ?? "") }.map { Int($0) } ?? 0
    }

    /// The relay key pin of each edge, as the cores name it in audit events and metrics.
    var edgePins: [String] { baseConfiguration.edges.map(\.pin.description) }

    /// Core `core`'s metrics in Prometheus' text format.
    func metricsText(core: Int = 0) -> String {
        let registry = cores.withLock { $0[core].metrics }
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// A TLS client that trusts Palisade's CA, for hand-made requests to the edge.
    func transport() throws -> SimulatorTransport { try SimulatorTransport(trusting: [caCertificate]) }

    func stop() async {
        for core in cores.withLock({ $0 }) {
            await core.handle.stop()
            _ = try? await core.task.value
        }
        for task in edgeTasks {
            task.cancel()
            _ = try? await task.value
        }
        await standIn.stop()
        await storage.close()
        try? FileManager.default.removeItem(at: directory)
    }

    func adminURL(core: Int) -> String { cores.withLock { $0[core].adminURL } }
}
