import HummingbirdCore
import Logging
#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOPosix
import NIOSSL
import ServiceLifecycle

/// The core's side of one relay link: dials the edge (the core only ever connects out), proves its key, checks the
/// edge's, then serves the edge's requests on that connection exactly as a server serves an accepted one — `child`
/// is the same HTTP/2 server channel the core would run on a listening port.
///
/// Redials with backoff and jitter whenever the connection fails or ends. On graceful shutdown it tells the edge it
/// is draining (HTTP/2 GOAWAY): the edge sends no new requests, the ones in flight finish, then the link closes.
public struct RelayDialer<Child: ServerChildChannel>: Service {
    public let edge: RelayEdgeAddress
    let context: NIOSSLContext
    let child: Child
    let backoff: RelayBackoff
    /// How often the core PINGs the edge (`RelayHeartbeat`).
    let heartbeat: TimeAmount
    let logger: Logger
    let onConnected: (@Sendable (RelayEdgeAddress) -> Void)?

    public init(
        edge: RelayEdgeAddress, identity: RelayIdentity, child: Child, backoff: RelayBackoff = RelayBackoff(),
        heartbeat: TimeAmount = .seconds(10), logger: Logger, onConnected: (@Sendable (RelayEdgeAddress) -> Void)? = nil
    ) throws {
        self.edge = edge
        self.heartbeat = heartbeat
        self.context = try RelayTLS.clientContext(identity: identity, applicationProtocol: RelayTLS.relayProtocol)
        self.child = child
        self.backoff = backoff
        self.logger = logger
        self.onConnected = onConnected
    }

    public func run() async throws {
        var failures = 0
        var generator = SystemRandomNumberGenerator()
        let metadata: Logger.Metadata = ["edge": "\(edge)"]
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let started = ContinuousClock.now
            do {
                let value = try await connect()
                logger.info("relay link to the edge is up", metadata: metadata)
                onConnected?(edge)
                await withGracefulShutdownHandler {
                    // Cancelled rather than drained: drop the connection, so the edge stops sending at once. The loop
                    // over the link's streams is not cancelled with this task but ends when the connection does: a
                    // cancelled loop stops taking streams while the connection still delivers them, and NIO traps
                    // ("Deinited NIOAsyncWriter without calling finish()") on a stream channel dropped unserved.
                    let serving = Task { await child.handle(value: value, logger: logger) }
                    await withTaskCancellationHandler {
                        await serving.value
                    } onCancel: {
                        value.channel.close(promise: nil)
                    }
                } onGracefulShutdown: {
                    let channel = value.channel
                    channel.eventLoop.execute { channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent()) }
                }
                try? await value.channel.close()
                logger.notice("relay link to the edge closed", metadata: metadata)
            } catch {
                logger.warning("cannot open the relay link to the edge", metadata: metadata.merging(["error": "\(error)"]) { $1 })
            }
            // A link that stayed up a while resets the backoff; one that failed at once grows it.
            failures = ContinuousClock.now - started > .seconds(10) ? 0 : failures + 1
            guard !Task.isShuttingDownGracefully else { break }
            try? await Task.sleep(for: backoff.delay(attempt: failures - 1, using: &generator))
        }
    }

    private func connect() async throws -> Child.Value {
        let context = context
        let pin = edge.pin
        let child = child
        let logger = logger
        let heartbeat = heartbeat
        return try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(5))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            // The core PINGs the edge every few seconds; if the path to it silently dies, they go unacknowledged and
            // the kernel drops the connection after 30 s instead of the default quarter of an hour, so the core
            // redials.
            .channelOption(ChannelOptions.Types.SocketOption(level: .init(IPPROTO_TCP), name: .init(TCP_USER_TIMEOUT)), value: 30_000)
            .connect(host: edge.host, port: edge.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(RelayTLS.clientHandler(context: context, edgePin: pin))
                    try channel.pipeline.syncOperations.addHandler(RelayConnectionErrorGuard(logger: logger))
                }.flatMap { child.setup(channel: channel, logger: logger) }.flatMapThrowing { value in
                    try channel.pipeline.syncOperations.addHandler(RelayHeartbeat(interval: heartbeat))
                    return value
                }
            }
    }
}

/// Sits between TLS and HTTP/2 on a relay link the core dialled: an error from below (TLS, the socket) closes the
/// connection here instead of reaching the HTTP/2 handler, which would end the sequence of inbound streams while
/// the connection still delivers frames — and a stream opened in that gap is dropped unserved, which NIO traps on.
/// The sequence then ends cleanly when the connection goes inactive.
final class RelayConnectionErrorGuard: ChannelInboundHandler {
    typealias InboundIn = NIOAny
    let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("relay link error; closing it", metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }
}

extension RelayDialer: CustomStringConvertible {
    public var description: String { "RelayDialer(edge: \(edge))" }
}
