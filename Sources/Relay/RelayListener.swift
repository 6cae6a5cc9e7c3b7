import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP2
import NIOSSL
import NIOTLS

/// The edge's relay port: accepts TLS connections from cores (only those whose key is pinned), then either turns
/// the connection into a relay link — the edge becomes the HTTP/2 client, the core the server — or, for the egress
/// protocol, hands it to the egress tunnel.
public struct RelayListener: ServerChildChannel {
    /// What one accepted connection becomes once TLS and ALPN are done.
    public enum Negotiated: Sendable {
        case relay(RelayLink)
        case egress(NIOAsyncChannel<ByteBuffer, ByteBuffer>)
    }

    /// An accepted connection. The child channel is not active yet when it is set up, so the handshake's outcome is
    /// a future that `handle` waits for (waiting in `setup` would never finish).
    public struct Value: ServerChildChannelValue {
        public let channel: any Channel
        let negotiated: EventLoopFuture<Negotiated>
    }

    /// Serves one egress connection (reads its CONNECT, dials, splices); `nil` refuses egress.
    public typealias EgressService = @Sendable (NIOAsyncChannel<ByteBuffer, ByteBuffer>, Logger) async -> Void

    let context: NIOSSLContext
    let corePins: Set<RelayKeyPin>
    let pool: RelayLinkPool
    let egress: EgressService?
    /// How often each core PINGs the edge (the cores' `heartbeat`, 10 s by default) and the edge checks for silence;
    /// a core not heard from for three intervals is disconnected.
    let keepalive: TimeAmount

    public init(
        identity: RelayIdentity, corePins: Set<RelayKeyPin>, pool: RelayLinkPool, keepalive: TimeAmount = .seconds(10), egress: EgressService?
    ) throws {
        self.keepalive = keepalive
        context = try RelayTLS.serverContext(identity: identity)
        self.corePins = corePins
        self.pool = pool
        self.egress = egress
    }

    public func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let pool = pool
        let keepalive = keepalive
        let egressAllowed = egress != nil
        return channel.eventLoop.makeCompletedFuture { () throws -> Value in
            try channel.pipeline.syncOperations.addHandler(
                NIOSSLServerHandler(context: context, customVerificationCallback: RelayTLS.pinning(corePins))
            )
            let negotiation = NIOTypedApplicationProtocolNegotiationHandler<Negotiated> { result, channel in
                channel.eventLoop.makeCompletedFuture { () throws -> Negotiated in
                    switch result {
                    case .negotiated(RelayTLS.relayProtocol):
                        return .relay(try Self.makeLink(on: channel, pool: pool, keepalive: keepalive))
                    case .negotiated(RelayTLS.egressProtocol) where egressAllowed:
                        return .egress(try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel))
                    default:
                        throw ChannelError.inappropriateOperationForState
                    }
                }
            }
            try channel.pipeline.syncOperations.addHandler(negotiation)
            return Value(channel: channel, negotiated: negotiation.protocolNegotiationResult)
        }
    }

    private static func makeLink(on channel: any Channel, pool: RelayLinkPool, keepalive: TimeAmount) throws -> RelayLink {
        let state = RelayLink.State()
        let multiplexer = try channel.pipeline.syncOperations.configureAsyncHTTP2Pipeline(mode: .client) { stream in
            // Cores do not open streams towards the edge (no server push); refuse any.
            stream.close()
        }
        try channel.pipeline.syncOperations.addHandler(RelayLinkObserver(state: state, keepalive: keepalive))
        let peer = try? channel.pipeline.syncOperations.handler(type: NIOSSLServerHandler.self).peerCertificate
            .map { try RelayKeyPin(certificate: $0) }
        return RelayLink(id: pool.makeID(), channel: channel, multiplexer: multiplexer, state: state, corePin: peer ?? nil)
    }

    public func handle(value: Value, logger: Logger) async {
        let negotiated: Negotiated
        do {
            negotiated = try await value.negotiated.get()
        } catch {
            logger.warning("relay connection refused", metadata: [
                "peer": "\(value.channel.remoteAddress?.description ?? "?")", "error": "\(error)",
            ])
            try? await value.channel.close()
            return
        }
        switch negotiated {
        case .relay(let link):
            pool.add(link)
            logger.info("core connected over the relay link", metadata: ["link": "\(link.id)", "core": "\(link.corePin.map(String.init(describing:)) ?? "?")"])
            // The link lives as long as its connection (the core opens no streams of its own, so there is nothing
            // to serve); the edge's own shutdown closes it through `RelayLinkObserver`.
            await withTaskCancellationHandler {
                try? await link.channel.closeFuture.get()
            } onCancel: {
                link.close()
            }
            pool.remove(link)
            logger.info("core disconnected from the relay link", metadata: ["link": "\(link.id)"])
        case .egress(let channel):
            await egress?(channel, logger)
        }
    }
}

/// Watches a relay link's connection-level frames: a GOAWAY from the core means it is draining, so the edge stops
/// sending it new requests. Also closes the link when the edge itself is asked to quiesce, and keeps it honest: the
/// core PINGs every `keepalive` (`RelayHeartbeat`), and a link from which no frame at all has come for
/// `silentIntervals` keepalives is closed — a core behind a firewall that silently dropped the connection would
/// otherwise swallow requests until they time out. The edge sends no PINGs of its own: the core's HTTP/2 server
/// closes a connection whose client PINGs more often than every 30 s.
final class RelayLinkObserver: ChannelInboundHandler {
    typealias InboundIn = HTTP2Frame
    typealias InboundOut = HTTP2Frame
    typealias OutboundOut = HTTP2Frame

    let state: RelayLink.State
    let keepalive: TimeAmount
    private var timer = LoopTimer()
    private var lastHeard = NIODeadline.now()
    /// Keepalive intervals without a frame after which the link is closed.
    static let silentIntervals: Int64 = 3

    init(state: RelayLink.State, keepalive: TimeAmount) {
        self.state = state
        self.keepalive = keepalive
    }

    func handlerAdded(context: ChannelHandlerContext) {
        timer.start(self, context: context, every: keepalive) { $0.tick(context: $1) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer.stop()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer.stop()
        context.fireChannelInactive()
    }

    private func tick(context: ChannelHandlerContext) {
        guard NIODeadline.now() - lastHeard >= keepalive * Self.silentIntervals else { return }
        // Not even a heartbeat for several intervals: the core or the path to it is gone.
        state.draining.store(true, ordering: .relaxed)
        context.close(promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        lastHeard = .now()
        switch unwrapInboundIn(data).payload {
        case .goAway:
            state.draining.store(true, ordering: .relaxed)
        case .settings(.settings):
            state.ready.store(true, ordering: .relaxed)
        default:
            break
        }
        context.fireChannelRead(data)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // The listener allows half-closed connections (Hummingbird's default); a core that stopped sending is gone.
        if let event = event as? ChannelEvent, event == .inputClosed {
            context.close(promise: nil)
            return
        }
        if event is ChannelShouldQuiesceEvent {
            state.draining.store(true, ordering: .relaxed)
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }
}
