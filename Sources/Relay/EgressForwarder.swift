import Logging
import NIOCore
import NIOPosix
import NIOSSL
import ServiceLifecycle
import Synchronization

/// The core's way out to the internet: a listener on loopback that the core's own HTTP clients use as their
/// CONNECT proxy. Each connection is carried, unread, over a TLS connection the core opens to an edge's relay port
/// (egress protocol, keys pinned both ways); the edge reads the CONNECT, checks its allow-list, dials, and splices.
/// TLS to the destination runs inside the tunnel, end to end between the core and the destination.
///
/// It listens on loopback only, so nothing in the DMZ can reach it.
public struct EgressForwarder: Service {
    let edges: [RelayEdgeAddress]
    let context: NIOSSLContext
    let logger: Logger
    let listener: NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>
    let open = OpenChannels()

    /// The loopback port the core's HTTP clients use as their proxy.
    public var port: Int { listener.channel.localAddress?.port ?? 0 }

    /// Binds the loopback listener (`port: 0` lets the system choose); `run()` then serves it.
    public static func bind(edges: [RelayEdgeAddress], identity: RelayIdentity, port: Int = 0, logger: Logger) async throws -> EgressForwarder {
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return EgressForwarder(
            edges: edges, context: try RelayTLS.clientContext(identity: identity, applicationProtocol: RelayTLS.egressProtocol),
            logger: logger, listener: listener
        )
    }

    public func run() async throws {
        let listener = listener
        try await withGracefulShutdownHandler {
            try await listener.executeThenClose { inbound in
                try await withThrowingDiscardingTaskGroup { group in
                    for try await connection in inbound {
                        group.addTask { await forward(connection) }
                    }
                }
            }
        } onGracefulShutdown: { [open] in
            // Long-lived tunnels (APNs keeps its HTTP/2 connection) would hold shutdown open forever.
            listener.channel.close(promise: nil)
            open.closeAll()
        }
    }
    private func forward(_ local: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async {
        guard let remote = await dialAnyEdge() else {
            logger.warning("egress: no edge reachable for an outbound connection")
            try? await local.channel.close()
            return
        }
        open.insert(local.channel)
        open.insert(remote.channel)
        defer {
            open.remove(local.channel)
            open.remove(remote.channel)
        }
        do {
            try await local.executeThenClose { localIn, localOut in
                try await remote.executeThenClose { remoteIn, remoteOut in
                    var iterator = localIn.makeAsyncIterator()
                    await ByteSplice.run(firstInbound: &iterator, firstOutbound: localOut, secondInbound: remoteIn, secondOutbound: remoteOut)
                }
            }
        } catch {
            logger.debug("egress tunnel ended", metadata: ["error": "\(error)"])
        }
    }

    private func dialAnyEdge() async -> NIOAsyncChannel<ByteBuffer, ByteBuffer>? {
        for edge in edges {
            let context = context
            do {
                return try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                    .connectTimeout(.seconds(5))
                    .connect(host: edge.host, port: edge.port) { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(RelayTLS.clientHandler(context: context, edgePin: edge.pin))
                            return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                        }
                    }
            } catch {
                logger.warning("egress: cannot reach edge", metadata: ["edge": "\(edge)", "error": "\(error)"])
            }
        }
        return nil
    }
}

/// The tunnels in use, so that shutdown can end them.
final class OpenChannels: Sendable {
    private let channels = Mutex<[ObjectIdentifier: any Channel]>([:])

    func insert(_ channel: any Channel) { channels.withLock { $0[ObjectIdentifier(channel)] = channel } }

    func remove(_ channel: any Channel) { _ = channels.withLock { $0.removeValue(forKey: ObjectIdentifier(channel)) } }

    func closeAll() {
        for channel in channels.withLock({ Array($0.values) }) { channel.close(promise: nil) }
    }
}

extension EgressForwarder: CustomStringConvertible {
    public var description: String { "EgressForwarder(port: \(port), edges: \(edges))" }
}
