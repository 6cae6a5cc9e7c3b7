import Foundation
import HTTPTypes
import HummingbirdCore
import HummingbirdHTTP2
import Logging
import NIOCore
import NIOPosix
import Relay
import ServiceLifecycle
import Testing

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
    static func listen(identity: RelayIdentity, pins: Set<RelayKeyPin>, pool: RelayLinkPool) async throws -> (Int, Task<Void, any Error>) {
        let listener = try RelayListener(identity: identity, corePins: pins, pool: pool, egress: nil)
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

    static func waitFor(_ seconds: Double = 10, _ condition: () -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return condition()
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
        #expect(try await Self.waitFor { pool.availableCount == 1 })

        var head = HTTPRequest(method: .put, scheme: "https", authority: "core", path: "/mdm/connect?x=1")
        head.headerFields = RelayClientInfo(address: "192.0.2.7").replacingRelayHeaders(in: [:])
        let (response, body) = try await pool.send(head, body: ByteBuffer(string: "hello"), responseLimit: 1024)
        #expect(response.status == .ok)
        #expect(String(buffer: body) == "PUT /mdm/connect?x=1 192.0.2.7")

        coreTask.cancel()
        _ = try? await coreTask.value
        #expect(try await Self.waitFor { pool.connectedCount == 0 })
        await #expect(throws: RelayError.noCoreConnected) {
            _ = try await pool.send(head, body: ByteBuffer(), responseLimit: 1024)
        }
        edgeTask.cancel()
    }
}
