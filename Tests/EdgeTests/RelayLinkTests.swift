import Foundation
import HTTPTypes
import HummingbirdCore
import HummingbirdHTTP2
import Logging
import NIOCore
import NIOPosix
import Relay
import Synchronization
import ServiceLifecycle
import Testing
import TestSupport

/// The relay link on its own: a listener standing for the edge, a dialer standing for the core, both on loopback
/// with real TLS and HTTP/2.
@Suite struct RelayLinkTests {
    static var logger: Logger {
        var logger = Logger(label: "palisade.test.relay")
        logger.logLevel = ProcessInfo.processInfo.environment["PALISADE_TEST_LOG"].flatMap { Logger.Level(rawValue: $0) } ?? .error
        return logger
    }

    /// A core-side HTTP/2 server that answers every request with its path and one header it received.
    static func echo() -> HTTP2Channel {
        HTTP2Channel(responder: { request, writer, _ in
            let seen = request.headers[RelayClientInfo.addressHeader] ?? "-"
            let body = ByteBuffer(string: "\(request.method.rawValue) \(request.uri.description) \(seen)")
            try await writer.write(response: .init(status: .ok, headerFields: [.contentType: "text/plain"]), body: .init(byteBuffer: body))
        })
    }

    /// Starts an edge-side listener; returns its port and the task serving it.
    static func listen(
        identity: RelayIdentity, pins: Set<RelayKeyPin>, pool: RelayLinkPool, keepalive: TimeAmount = .seconds(10)
    ) async throws -> (Int, Task<Void, any Error>) {
        let listener = try RelayListener(identity: identity, corePins: pins, pool: pool, keepalive: keepalive, egress: nil)
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        let server = listener.server(
            configuration: ServerConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) },
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton, logger: logger
        )
        let task = Task { try await server.run() }
        var iterator = stream.makeAsyncIterator()
        return (await iterator.next() ?? 0, task)
    }

    @Test func aPinnedCoreDialsTheEdgeAndServesRequestsOverTheLink() async throws {
        let edgeIdentity = try RelayIdentity()
        let coreIdentity = try RelayIdentity()
        let pool = RelayLinkPool()
        let (port, edgeTask) = try await Self.listen(identity: edgeIdentity, pins: [coreIdentity.pin], pool: pool)
        let dialer = try RelayDialer(
            edge: RelayEdgeAddress(host: "127.0.0.1", port: port, pin: edgeIdentity.pin), identity: coreIdentity, child: Self.echo(),
            logger: Self.logger
        )
        let coreTask = Task { try await dialer.run() }
        #expect(try await Polling.until { pool.availableCount == 1 })

        var head = HTTPRequest(method: .put, scheme: "https", authority: "core", path: "/mdm/connect?x=1")
        head.headerFields = RelayClientInfo(address: "192.0.2.7").replacingRelayHeaders(in: [:])
        let (response, body) = try await pool.send(head, body: ByteBuffer(string: "hello"), responseLimit: 1024)
        #expect(response.status == .ok)
        #expect(String(buffer: body) == "PUT /mdm/connect?x=1 192.0.2.7")

        coreTask.cancel()
        _ = try? await coreTask.value
        #expect(try await Polling.until { pool.connectedCount == 0 })
        await #expect(throws: RelayError.noCoreConnected) {
            _ = try await pool.send(head, body: ByteBuffer(), responseLimit: 1024)
        }
        edgeTask.cancel()
    }
}

extension RelayLinkTests {
    @Test func anEdgeRefusesACoreWhoseKeyItWasNotGiven() async throws {
        let edgeIdentity = try RelayIdentity()
        let pool = RelayLinkPool()
        let (port, edgeTask) = try await Self.listen(identity: edgeIdentity, pins: [try RelayIdentity().pin], pool: pool)
        let stranger = try RelayDialer(
            edge: RelayEdgeAddress(host: "127.0.0.1", port: port, pin: edgeIdentity.pin), identity: try RelayIdentity(), child: Self.echo(),
            logger: Self.logger
        )
        let coreTask = Task { try await stranger.run() }
        #expect(try await Polling.until(2) { pool.connectedCount > 0 } == false)
        coreTask.cancel()
        edgeTask.cancel()
    }

    @Test func aCoreRefusesAnEdgeThatCannotProveThePinnedKey() async throws {
        let impostor = try RelayIdentity()
        let coreIdentity = try RelayIdentity()
        let pool = RelayLinkPool()
        // The impostor accepts the core's key, but the core expects another edge key.
        let (port, edgeTask) = try await Self.listen(identity: impostor, pins: [coreIdentity.pin], pool: pool)
        let dialer = try RelayDialer(
            edge: RelayEdgeAddress(host: "127.0.0.1", port: port, pin: try RelayIdentity().pin), identity: coreIdentity, child: Self.echo(),
            logger: Self.logger
        )
        let coreTask = Task { try await dialer.run() }
        #expect(try await Polling.until(2) { pool.connectedCount > 0 } == false)
        coreTask.cancel()
        edgeTask.cancel()
    }

    @Test func theCoreRedialsAfterTheEdgeRestarts() async throws {
        let edgeIdentity = try RelayIdentity()
        let coreIdentity = try RelayIdentity()
        let pool = RelayLinkPool()
        let (port, firstEdge) = try await Self.listen(identity: edgeIdentity, pins: [coreIdentity.pin], pool: pool)
        let dialer = try RelayDialer(
            edge: RelayEdgeAddress(host: "127.0.0.1", port: port, pin: edgeIdentity.pin), identity: coreIdentity, child: Self.echo(),
            backoff: RelayBackoff(base: .milliseconds(50), cap: .milliseconds(400)), logger: Self.logger
        )
        let coreTask = Task { try await dialer.run() }
        #expect(try await Polling.until { pool.availableCount == 1 })
        firstEdge.cancel()
        _ = try? await firstEdge.value
        #expect(try await Polling.until { pool.connectedCount == 0 })
        // A new edge process on the same port: the core finds it by itself.
        let secondPool = RelayLinkPool()
        let listener = try RelayListener(identity: edgeIdentity, corePins: [coreIdentity.pin], pool: secondPool, egress: nil)
        let server = listener.server(
            configuration: ServerConfiguration(address: .hostname("127.0.0.1", port: port)), eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
            logger: Self.logger
        )
        let secondEdge = Task { try await server.run() }
        #expect(try await Polling.until { secondPool.availableCount == 1 })
        let (response, _) = try await secondPool.send(HTTPRequest(method: .get, scheme: "https", authority: "core", path: "/health"), body: ByteBuffer(), responseLimit: 1024)
        #expect(response.status == .ok)
        coreTask.cancel()
        secondEdge.cancel()
    }

    @Test func backoffGrowsToItsCapWithJitterWithinBounds() {
        let backoff = RelayBackoff(base: .milliseconds(100), cap: .seconds(10))
        var generator = SystemRandomNumberGenerator()
        #expect(backoff.ceiling(attempt: 0) == .milliseconds(100))
        #expect(backoff.ceiling(attempt: 3) == .milliseconds(800))
        #expect(backoff.ceiling(attempt: 30) == .seconds(10))
        for attempt in 0..<12 {
            let ceiling = backoff.ceiling(attempt: attempt)
            for _ in 0..<50 {
                let delay = backoff.delay(attempt: attempt, using: &generator)
                #expect(delay >= ceiling / 2 && delay <= ceiling)
            }
        }
    }

    @Test func keyPinsParseOnlyTheirOwnForm() throws {
        let identity = try RelayIdentity()
        #expect(try RelayKeyPin(identity.pin.description) == identity.pin)
        #expect(throws: RelayError.self) { try RelayKeyPin("sha256:dGVzdA==") }
        #expect(throws: RelayError.self) { try RelayKeyPin(Data(identity.pin.digest).base64EncodedString()) }
    }

    @Test func anIdentityFileIsMadeOnceWithMode600AndRefusedWhenOthersCanReadIt() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("relay-\(UUID().uuidString)/identity.pem").path
        let made = try RelayIdentity.loadOrCreate(path: path)
        #expect(try RelayIdentity.loadOrCreate(path: path).pin == made.pin)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        #expect(throws: RelayError.self) { try RelayIdentity.load(path: path) }
    }
}

extension RelayLinkTests {
    @Test func aCoreThatFallsSilentIsDisconnected() async throws {
        let edgeIdentity = try RelayIdentity()
        let coreIdentity = try RelayIdentity()
        let pool = RelayLinkPool()
        let listener = try RelayListener(
            identity: edgeIdentity, corePins: [coreIdentity.pin], pool: pool, keepalive: .seconds(1), egress: nil
        )
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        let server = listener.server(
            configuration: ServerConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) }, eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
            logger: Self.logger
        )
        let edgeTask = Task { try await server.run() }
        var ports = stream.makeAsyncIterator()
        let port = try #require(await ports.next())

        // A peer with the right key that completes TLS and then goes silent, as a core behind a dead path would.
        let context = try RelayTLS.clientContext(identity: coreIdentity, applicationProtocol: RelayTLS.relayProtocol)
        let silent = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(RelayTLS.clientHandler(context: context, edgePin: edgeIdentity.pin))
                    return channel
                }
            }
        // Generous waits: the whole suite shares two cores, and a TLS handshake can take seconds under that load.
        #expect(try await Polling.until(15) { pool.connectedCount == 1 })
        // It never sent HTTP/2 SETTINGS, so it was never given a request.
        #expect(pool.availableCount == 0)
        // Three keepalive intervals without a frame: the edge sends it nothing more and closes it (TLS's own
        // close_notify wait, a few seconds, still runs before the socket goes).
        #expect(try await Polling.until(15) { pool.availableCount == 0 })
        #expect(try await Polling.until(30) { pool.connectedCount == 0 })
        try? await silent.close()
        edgeTask.cancel()
    }

    @Test func aQuietLinkStaysUpOnTheCoresHeartbeatWithoutTrippingTheCoresPingLimit() async throws {
        // The core's HTTP/2 server closes a connection whose client PINGs more often than every 30 s (three strikes):
        // with one-second intervals, an edge that pinged would lose the link within about four seconds. The core
        // PINGs instead, and the edge hears it.
        let edgeIdentity = try RelayIdentity()
        let coreIdentity = try RelayIdentity()
        let pool = RelayLinkPool()
        let (port, edgeTask) = try await Self.listen(identity: edgeIdentity, pins: [coreIdentity.pin], pool: pool, keepalive: .seconds(1))
        let dialer = try RelayDialer(
            edge: RelayEdgeAddress(host: "127.0.0.1", port: port, pin: edgeIdentity.pin), identity: coreIdentity, child: Self.echo(),
            heartbeat: .seconds(1), logger: Self.logger
        )
        let coreTask = Task { try await dialer.run() }
        #expect(try await Polling.until { pool.availableCount == 1 })
        var dropped = false
        for _ in 0..<40 {
            try await Task.sleep(for: .milliseconds(200))
            if pool.availableCount != 1 || pool.connectedCount != 1 { dropped = true }
        }
        #expect(!dropped, "the link went down or was replaced while idle")
        let (response, _) = try await pool.send(
            HTTPRequest(method: .get, scheme: "https", authority: "palisade-core", path: "/still-there"), body: ByteBuffer(), responseLimit: 1024
        )
        #expect(response.status == .ok)
        coreTask.cancel()
        edgeTask.cancel()
    }
}

extension RelayLinkTests {
    /// A core killed (its task cancelled) while the edge streams requests at it: the edge keeps opening streams until
    /// the connection is gone, and none of them may be dropped unserved on the core's side — NIO traps on that, which
    /// took down the whole process before the dialer stopped cancelling its stream loop.
    @Test func aCoreKilledUnderLoadClosesTheLinkWithoutDroppingAStream() async throws {
        let edgeIdentity = try RelayIdentity()
        let coreIdentity = try RelayIdentity()
        let pool = RelayLinkPool()
        let (port, edgeTask) = try await Self.listen(identity: edgeIdentity, pins: [coreIdentity.pin], pool: pool)
        let head = HTTPRequest(method: .put, scheme: "https", authority: "core", path: "/mdm/connect")
        for round in 0..<12 {
            let dialer = try RelayDialer(
                edge: RelayEdgeAddress(host: "127.0.0.1", port: port, pin: edgeIdentity.pin), identity: coreIdentity, child: Self.echo(),
                backoff: RelayBackoff(base: .milliseconds(10), cap: .milliseconds(50)), logger: Self.logger
            )
            let coreTask = Task { try await dialer.run() }
            #expect(try await Polling.until { pool.availableCount == 1 })
            let served = ServedCounter()
            let senders = (0..<8).map { _ in
                Task {
                    while !Task.isCancelled {
                        if (try? await pool.send(head, body: ByteBuffer(string: "x"), responseLimit: 1024)) != nil { served.add() }
                        else { try? await Task.sleep(for: .milliseconds(1)) }
                    }
                }
            }
            #expect(try await Polling.until { served.count > 20 + round })
            coreTask.cancel()
            _ = try? await coreTask.value
            #expect(try await Polling.until { pool.connectedCount == 0 })
            senders.forEach { $0.cancel() }
            for sender in senders { await sender.value }
        }
        edgeTask.cancel()
    }
}

private final class ServedCounter: Sendable {
    private let value = Mutex(0)
    func add() { value.withLock { $0 += 1 } }
    var count: Int { value.withLock { $0 } }
}
