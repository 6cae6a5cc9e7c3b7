import Connections
import Crypto
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOSSL
import Prometheus
import Synchronization
import X509

/// A Hummingbird application on 127.0.0.1 behind a `ConnectionWarden`, with a few routes, run for one test.
struct TestListener {
    let port: Int
    let registry: PrometheusCollectorRegistry
    /// How many requests reached a route.
    let served: Counted

    final class Counted: Sendable {
        private let value = Mutex(0)
        func increment() { value.withLock { $0 += 1 } }
        var count: Int { value.withLock { $0 } }
    }

    static let shortLimits = ConnectionLimits(
        handshakeTimeout: .milliseconds(300), headerTimeout: .milliseconds(300), bodyTimeout: .milliseconds(300), idleTimeout: .milliseconds(300),
        maximumConnections: 100, maximumConnectionsPerSource: 100, maximumBodyBytes: 1 << 20
    )

    /// Every timer long but `timer`, at 300 ms: a test about one timer must not be tripped by another when a busy
    /// machine (the suite runs its tests in parallel on two cores) stalls it for a moment between two steps.
    static func limits(shortening timer: WritableKeyPath<ConnectionLimits, TimeAmount>?) -> ConnectionLimits {
        var limits = shortLimits
        limits.handshakeTimeout = .seconds(30)
        limits.headerTimeout = .seconds(30)
        limits.bodyTimeout = .seconds(30)
        limits.idleTimeout = .seconds(30)
        if let timer { limits[keyPath: timer] = .milliseconds(300) }
        return limits
    }

    /// Runs `body` with a listener up, then stops it.
    static func with<T>(
        limits: ConnectionLimits = shortLimits, tls: Bool = false, _ body: (TestListener) async throws -> T
    ) async throws -> T {
        let registry = PrometheusCollectorRegistry()
        let served = Counted()
        let router = Router()
        router.get("/hello") { _, _ in
            served.increment()
            return "hello"
        }
        router.post("/echo") { request, _ in
            served.increment()
            var request = request
            let body = try await request.collectBody(upTo: 1 << 20)
            return "\(body.readableBytes)"
        }
        // Refuses as soon as more than 10 bytes are read: an answer sent before the body is read.
        router.post("/small") { request, _ in
            served.increment()
            var request = request
            _ = try await request.collectBody(upTo: 10)
            return "small"
        }
        let logger = Logger(label: "test.listener")
        let warden = ConnectionWarden(listener: "test", limits: limits, tls: tls, metrics: PrometheusMetricsFactory(registry: registry), logger: logger)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router, server: .guardedHTTP1(warden: warden, tls: tls ? try selfSigned() : nil),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
            logger: logger
        )
        let running = Task { try await app.runService() }
        defer { running.cancel() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw RawConnection.Failure(description: "listener did not start") }
        return try await body(TestListener(port: port, registry: registry, served: served))
    }

    /// The value of one metric line (`name{labels}`), or 0 when absent.
    func metric(_ series: String) -> Double {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        let line = String(decoding: buffer, as: UTF8.self).split(separator: "\n").first { $0.hasPrefix(series + " ") }
        return line.flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
    }

    static func selfSigned() throws -> TLSConfiguration {
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName { CommonName("localhost") }
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey), notValidBefore: Date().addingTimeInterval(-3600),
            notValidAfter: Date().addingTimeInterval(3600), issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: Certificate.Extensions {}, issuerPrivateKey: .init(key)
        )
        return TLSConfiguration.makeServerConfiguration(
            certificateChain: [.certificate(try NIOSSLCertificate(bytes: Array(try certificate.serializeAsPEM().pemString.utf8), format: .pem))],
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(key.pemRepresentation.utf8), format: .pem))
        )
    }
}
