import Edge
import Foundation
import HummingbirdCore
import Logging
import NIOCore
import NIOPosix
import Relay
import Testing

/// The egress relay end to end on loopback: a core's forwarder carries a CONNECT over a pinned TLS connection to
/// the edge, which dials only what its allow-list names.
@Suite struct EgressTunnelTests {
    /// A TCP server on loopback that answers each line with the line upper-cased.
    static func upperCaseServer() async throws -> (Int, NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>) {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
        return (server.channel.localAddress!.port!, server)
    }

    /// Opens a plain connection to the core's forwarder, sends `request`, and returns all it reads until `until`
    /// appears or the connection closes.
    static func exchange(port: Int, _ request: String, until: String) async throws -> String {
        let client = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
        return try await client.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: request))
            var text = ""
            for try await chunk in inbound {
                text += String(buffer: chunk)
                if text.contains(until) { break }
            }
            return text
        }
    }

    @Test func aConnectOutsideTheAllowListIsRefusedAndOneInsideIsSpliced() async throws {
        var logger = Logger(label: "palisade.test.egress")
        logger.logLevel = .error
        let (echoPort, echoServer) = try await Self.upperCaseServer()
        let echoTask = Task {
            try await echoServer.executeThenClose { inbound in
                for try await connection in inbound {
                    try await connection.executeThenClose { input, output in
                        for try await chunk in input { try await output.write(ByteBuffer(string: String(buffer: chunk).uppercased())) }
                    }
                }
            }
        }
        let edgeIdentity = try RelayIdentity()
        let coreIdentity = try RelayIdentity()
        let tunnel = EgressTunnel(allowList: try EgressAllowList(entries: ["localhost:\(echoPort)"]), logger: logger)
        let listener = try RelayListener(identity: edgeIdentity, corePins: [coreIdentity.pin], pool: RelayLinkPool()) { channel, _ in
            await tunnel.serve(channel)
        }
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        let server = listener.server(
            configuration: ServerConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) }, eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
            logger: logger
        )
        let edgeTask = Task { try await server.run() }
        var ports = stream.makeAsyncIterator()
        let relayPort = try #require(await ports.next())
        let forwarder = try await EgressForwarder.bind(
            edges: [RelayEdgeAddress(host: "127.0.0.1", port: relayPort, pin: edgeIdentity.pin)], identity: coreIdentity, logger: logger
        )
        let forwarderTask = Task { try await forwarder.run() }

        let refused = try await Self.exchange(port: forwarder.port, "CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n", until: "\r\n\r\n")
        #expect(refused.hasPrefix("HTTP/1.1 403"))
        let address = try await Self.exchange(port: forwarder.port, "CONNECT 127.0.0.1:\(echoPort) HTTP/1.1\r\n\r\n", until: "\r\n\r\n")
        #expect(address.hasPrefix("HTTP/1.1 403"), "an address, not a name on the list")
        let malformed = try await Self.exchange(port: forwarder.port, "GET http://localhost:\(echoPort)/ HTTP/1.1\r\n\r\n", until: "\r\n\r\n")
        #expect(malformed.hasPrefix("HTTP/1.1 400"))
        // Allowed: the bytes after the CONNECT head (sent at once, before the answer) reach the destination.
        let spliced = try await Self.exchange(port: forwarder.port, "CONNECT localhost:\(echoPort) HTTP/1.1\r\n\r\nhello tunnel\n", until: "HELLO TUNNEL")
        #expect(spliced.hasPrefix("HTTP/1.1 200"))
        #expect(spliced.contains("HELLO TUNNEL"))

        forwarderTask.cancel()
        edgeTask.cancel()
        echoTask.cancel()
    }
}
