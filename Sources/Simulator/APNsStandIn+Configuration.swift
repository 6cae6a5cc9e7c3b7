import X509

extension APNsStandIn {
    /// How the stand-in listens and how strict it is. Defaults: 127.0.0.1, a free port, a generated
    /// identity, any client certificate accepted (one is still required) and its topic checked.
    public struct Configuration: Sendable {
        /// Address to bind; loopback by default, because this is test equipment.
        public var host: String
        /// Port to bind; 0 picks a free one, reported by `start()`.
        public var port: Int
        /// Server certificate and key; generated for loopback names when `nil`.
        public var identity: APNsStandInIdentity?
        /// Roots a client certificate must chain to; `nil` accepts any client certificate (still required).
        public var clientTrustRoots: [Certificate]?
        /// Refuse an `apns-topic` that is not the client certificate's UID (400 `TopicDisallowed`), as APNs does.
        public var checksTopic: Bool
        /// Answer 410 `Unregistered` for tokens that have no registered handler.
        public var rejectsUnknownTokens: Bool
        /// Wait this long before answering each request.
        public var responseDelay: Duration

        public init(
            host: String = "127.0.0.1",
            port: Int = 0,
            identity: APNsStandInIdentity? = nil,
            clientTrustRoots: [Certificate]? = nil,
            checksTopic: Bool = true,
            rejectsUnknownTokens: Bool = false,
            responseDelay: Duration = .zero
        ) {
            self.host = host
            self.port = port
            self.identity = identity
            self.clientTrustRoots = clientTrustRoots
            self.checksTopic = checksTopic
            self.rejectsUnknownTokens = rejectsUnknownTokens
            self.responseDelay = responseDelay
        }
    }
}
