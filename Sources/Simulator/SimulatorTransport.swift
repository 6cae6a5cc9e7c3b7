import _CryptoExtras
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import X509

/// The HTTPS client of a simulated fleet. Like a person tapping "Allow" for a first profile, it fetches enrolment
/// profiles without checking the server; after that it trusts only the CA the profile installed.
public final class SimulatorTransport: Sendable {
    private let trusted: HTTPClient

    public struct Reply: Sendable {
        public var status: Int
        public var body: Data
        public var contentType: String?
        /// `Retry-After` in seconds, when the server sent one.
        public var retryAfter: Int? = nil
    }

    /// A transport trusting `roots`; with `clientIdentity` it presents that certificate in every TLS handshake. With
    /// `http1Connections` it speaks only HTTP/1.1 over at most that many keep-alive connections per host, as a fleet
    /// of separate devices would (a load generator's fixed set of connections); otherwise it takes HTTP/2 where the
    /// server offers it and keeps up to 64 HTTP/1.1 connections.
    public init(
        trusting roots: [Certificate], clientIdentity: (certificate: Certificate, privateKey: _RSA.Signing.PrivateKey)? = nil,
        http1Connections: Int? = nil
    ) throws {
        var pinned = TLSConfiguration.makeClientConfiguration()
        if let clientIdentity {
            pinned.certificateChain = [.certificate(try NIOSSLCertificate(bytes: Array(clientIdentity.certificate.serializeAsPEM().pemString.utf8), format: .pem))]
            pinned.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(clientIdentity.privateKey.pemRepresentation.utf8), format: .pem))
        }
        pinned.trustRoots = .certificates(try roots.map {
            try NIOSSLCertificate(bytes: Array($0.serializeAsPEM().pemString.utf8), format: .pem)
        })
        var configuration = HTTPClient.Configuration(tlsConfiguration: pinned)
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = http1Connections ?? 64
        if http1Connections != nil { configuration.httpVersion = .http1Only }
        trusted = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Fetches a profile, as Safari would on a first visit.
    public static func fetchProfile(_ url: String) async throws -> Data {
        var open = TLSConfiguration.makeClientConfiguration()
        open.certificateVerification = .none
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: open))
        defer { _ = client.shutdown() }
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        let response = try await client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        guard response.status == .ok else {
            throw SimulatorError.server("GET \(url) answered \(response.status.code): \(String(buffer: body))")
        }
        return Data(body.readableBytesView)
    }

    public func send(_ method: HTTPMethod, _ url: String, body: Data?, headers: [(String, String)] = []) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await trusted.execute(request, timeout: .seconds(60))
        let data = try await response.body.collect(upTo: 4 << 20)
        return Reply(
            status: Int(response.status.code), body: Data(data.readableBytesView), contentType: response.headers.first(name: "Content-Type"),
            retryAfter: response.headers.first(name: "Retry-After").flatMap(Int.init)
        )
    }

    public func shutdown() async {
        try? await trusted.shutdown()
    }

    /// A transport released without `shutdown()` (a device in a test that failed half-way) still closes its client.
    /// AsyncHTTPClient traps in debug builds when a client is released open, which turned one failing test into a
    /// crash of the whole run; the task keeps the client until it is closed. A second shutdown is a no-op error.
    deinit {
        let client = trusted
        Task { try? await client.shutdown() }
    }
}
