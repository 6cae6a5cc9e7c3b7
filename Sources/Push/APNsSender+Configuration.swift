import Foundation
import X509

extension APNsSender {
    /// Where and how an `APNsSender` sends. The defaults are Apple production with the system trust store.
    ///
    /// Refuses (at `APNsSender.init`) fewer than one concurrent request or attempt, and non-positive timeouts.
    public struct Configuration: Sendable {
        public var endpoint: APNsEndpoint
        /// Trust anchors for the server certificate; `nil` uses the system store, as production should.
        /// Tests set the stand-in's CA here instead of weakening verification.
        public var trustRoots: [Certificate]?
        /// The most requests in flight at once across all tokens.
        public var maxConcurrentRequests: Int
        public var retry: APNsRetryPolicy
        public var expiration: APNsExpiration
        /// Time allowed for one request, from sending to the whole answer.
        public var requestTimeout: Duration
        /// Time allowed to open a connection, TLS handshake included.
        public var connectTimeout: Duration
        /// An HTTP CONNECT proxy to reach APNs through: the core's egress forwarder, which carries the tunnel over
        /// an edge. TLS to APNs stays end to end inside it.
        public var proxy: (host: String, port: Int)?

        public init(
            endpoint: APNsEndpoint = .production,
            trustRoots: [Certificate]? = nil,
            maxConcurrentRequests: Int = 32,
            retry: APNsRetryPolicy = APNsRetryPolicy(),
            expiration: APNsExpiration = .after(.seconds(3600)),
            requestTimeout: Duration = .seconds(15),
            connectTimeout: Duration = .seconds(10)
        ) {
            self.endpoint = endpoint
            self.trustRoots = trustRoots
            self.maxConcurrentRequests = maxConcurrentRequests
            self.retry = retry
            self.expiration = expiration
            self.requestTimeout = requestTimeout
            self.connectTimeout = connectTimeout
        }
    }
}
