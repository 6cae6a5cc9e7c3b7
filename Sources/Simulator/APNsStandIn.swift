import Foundation
import Hummingbird
import HummingbirdHTTP2
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import ServiceLifecycle
import X509

/// A local stand-in for Apple's push service, for tests, demos and the simulator: HTTP/2 over mutual TLS
/// speaking APNs' MDM wire format, waking simulated devices through handlers keyed by push token.
///
/// It requires a client certificate (verified against `clientTrustRoots` when given) and, like APNs,
/// refuses a topic other than the certificate's UID, a push type other than `mdm`, malformed tokens and
/// bodies, and HTTP/1.1. Tests can slow it, make it answer 429/503 to the next requests, mark tokens
/// unregistered, and read back every request and the most requests it had in flight at once. It binds to
/// loopback by default; call `stop()` when done.
public actor APNsStandIn {
    public nonisolated let configuration: Configuration
    public nonisolated let identity: APNsStandInIdentity
    private let ledger: APNsStandInLedger
    private let logger: Logger
    private var serverTask: Task<Void, any Error>?
    private var serviceGroup: ServiceGroup?
    /// The bound port while running.
    public private(set) var port: Int?

    /// - Parameter logger: defaults to warnings only, so test output is not flooded by the server's start lines.
    public init(configuration: Configuration = Configuration(), logger: Logger? = nil) throws(APNsStandInError) {
        self.configuration = configuration
        if let given = configuration.identity {
            self.identity = given
        } else {
            self.identity = try APNsStandInIdentity.generate()
        }
        self.ledger = APNsStandInLedger(responseDelay: configuration.responseDelay, rejectsUnknownTokens: configuration.rejectsUnknownTokens)
        self.logger = logger ?? {
            var quiet = Logger(label: "palisade.sim.apns")
            quiet.logLevel = .warning
            return quiet
        }()
    }

    deinit {
        serverTask?.cancel()
    }

    /// What a client must trust to reach this stand-in.
    public nonisolated var trustRoot: Certificate { identity.trustRoot }

    /// `https://<host>:<port>` while running.
    public var baseURL: URL? {
        guard let port else { return nil }
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        return URL(string: "https://\(host):\(port)")
    }

    /// Starts listening and returns the bound port.
    @discardableResult
    public func start() async throws(APNsStandInError) -> Int {
        guard serverTask == nil else { throw .alreadyRunning }

        let tls = try makeTLSConfiguration()
        let responder = APNsStandInResponder(ledger: ledger, checksTopic: configuration.checksTopic, logger: logger)
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let application: Application<APNsStandInResponder>
        do {
            application = Application(
                responder: responder,
                server: try .http2Upgrade(tlsChannelConfiguration: tls),
                configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
                onServerRunning: { channel in
                    portContinuation.yield(channel.localAddress?.port ?? 0)
                    portContinuation.finish()
                },
                logger: logger
            )
        } catch {
            throw .couldNotStart(String(describing: error))
        }
        // Run under a ServiceGroup so `stop()` can shut down gracefully (GOAWAY, drain) instead of cancelling.
        let group = ServiceGroup(configuration: .init(services: [application], gracefulShutdownSignals: [], logger: logger))
        let task = Task {
            defer { portContinuation.finish() }
            try await group.run()
        }
        serverTask = task
        serviceGroup = group

        var iterator = ports.makeAsyncIterator()
        if let port = await iterator.next() {
            self.port = port
            return port
        }
        serverTask = nil
        serviceGroup = nil
        do {
            try await task.value
        } catch {
            throw .couldNotStart(String(describing: error))
        }
        throw .couldNotStart("the server stopped before it was listening")
    }

    /// Stops listening, lets in-flight requests finish, and waits for the server to wind down; connections
    /// still open after `grace` are cut.
    public func stop(grace: Duration = .seconds(2)) async {
        guard let task = serverTask else { return }
        let group = serviceGroup
        serverTask = nil
        serviceGroup = nil
        port = nil
        await group?.triggerGracefulShutdown()
        let deadline = Task {
            try await Task.sleep(for: grace)
            task.cancel()
        }
        _ = await task.result
        deadline.cancel()
    }

    // MARK: - Devices

    /// Calls `handler` (in its own task, after the 200 is answered) for every push accepted for `token`,
    /// and clears any unregistered mark on the token. With a `topic`, pushes for the token on any other
    /// topic get 400 `DeviceTokenNotForTopic`, as when a server loads the wrong push certificate.
    public func register(token: [UInt8], topic: String? = nil, handler: @escaping @Sendable (APNsStandInPush) async -> Void) async {
        await ledger.register(token: token, topic: topic, handler: handler)
    }

    public func register(token: Data, topic: String? = nil, handler: @escaping @Sendable (APNsStandInPush) async -> Void) async {
        await ledger.register(token: Array(token), topic: topic, handler: handler)
    }

    public func removeHandler(token: [UInt8]) async {
        await ledger.removeHandler(token: token)
    }

    // MARK: - Fault injection

    /// Answers 410 `Unregistered` with `since` as Apple's `timestamp` to every later push for `token`.
    public func markUnregistered(token: [UInt8], since: Date = Date()) async {
        await ledger.markUnregistered(token: token, since: since)
    }

    /// Answers the next `count` otherwise-acceptable requests with `status` and `reason` (429
    /// `TooManyRequests`, 503 `ServiceUnavailable`, 500 `InternalServerError`).
    public func failNext(_ count: Int, status: Int = 503, reason: String = "ServiceUnavailable") async {
        await ledger.failNext(count, status: status, reason: reason)
    }

    /// Holds every later request this long before answering.
    public func setResponseDelay(_ delay: Duration) async {
        await ledger.setResponseDelay(delay)
    }

    public func setRejectsUnknownTokens(_ rejects: Bool) async {
        await ledger.setRejectsUnknownTokens(rejects)
    }

    // MARK: - Record

    /// Every request received, in arrival order of completion, with the answer given.
    public var pushes: [APNsStandInPush] {
        get async { await ledger.pushes }
    }

    /// The requests answered 200.
    public var deliveries: [APNsStandInPush] {
        get async { await ledger.pushes.filter(\.wasDelivered) }
    }

    /// The most requests the stand-in was handling at the same moment.
    public var maxInFlight: Int {
        get async { await ledger.maxInFlight }
    }

    /// Waits until at least `count` pushes were delivered; false if `timeout` passed first.
    public func waitForDeliveries(_ count: Int, timeout: Duration = .seconds(5)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if await ledger.pushes.count(where: \.wasDelivered) >= count { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return await ledger.pushes.count(where: \.wasDelivered) >= count
    }

    /// Forgets recorded requests and pending faults, keeping handlers and unregistered tokens.
    public func resetRecord() async {
        await ledger.reset()
    }

    // MARK: - TLS

    private func makeTLSConfiguration() throws(APNsStandInError) -> HummingbirdHTTP2.TLSChannelConfiguration {
        let chain: [NIOSSLCertificate]
        let key: NIOSSLPrivateKey
        do {
            chain = try identity.certificateChain.map { try NIOSSLCertificate(bytes: Array(Self.pem($0).utf8), format: .pem) }
            key = try NIOSSLPrivateKey(bytes: Array(identity.privateKey.serializeAsPEM().pemString.utf8), format: .pem)
        } catch {
            throw .identityUnusable(String(describing: error))
        }
        var tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        // A client certificate is required either way: APNs refuses anonymous certificate-auth connections.
        tls.certificateVerification = .noHostnameVerification
        guard let roots = configuration.clientTrustRoots else {
            // No roots to check against: accept any certificate, but the handshake still demands one.
            return HummingbirdHTTP2.TLSChannelConfiguration(tlsConfiguration: tls) { _, promise in
                promise.succeed(.certificateVerified)
            }
        }
        do {
            tls.trustRoots = .certificates(try roots.map { try NIOSSLCertificate(bytes: Array(Self.pem($0).utf8), format: .pem) })
        } catch {
            throw .trustRootUnusable(String(describing: error))
        }
        return HummingbirdHTTP2.TLSChannelConfiguration(tlsConfiguration: tls)
    }

    private static func pem(_ certificate: Certificate) throws -> String {
        try certificate.serializeAsPEM().pemString + "\n"
    }
}
