import Logging
import NIOCore
import NIOPosix
import Relay

/// The edge's half of the egress relay: reads one `CONNECT host:port HTTP/1.1` from a core, refuses any destination
/// outside the allow-list (403, logged), otherwise dials it and splices bytes both ways. The edge never sees more
/// than the destination's name: the core's TLS runs inside the tunnel.
public struct EgressTunnel: Sendable {
    public let allowList: EgressAllowList
    let logger: Logger
    let metrics: EdgeMetrics?

    /// Longest CONNECT request head the edge reads.
    static let maximumHead = 4096

    public init(allowList: EgressAllowList, logger: Logger) {
        self.init(allowList: allowList, metrics: nil, logger: logger)
    }

    init(allowList: EgressAllowList, metrics: EdgeMetrics?, logger: Logger) {
        self.allowList = allowList
        self.metrics = metrics
        self.logger = logger
    }

    public func serve(_ core: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async {
        do {
            try await core.executeThenClose { inbound, outbound in
                var iterator = inbound.makeAsyncIterator()
                var head = ByteBuffer()
                while !Self.containsHeadEnd(head) {
                    guard head.readableBytes <= Self.maximumHead, var chunk = try await iterator.next() else {
                        try await outbound.write(Self.reply(400, "Bad Request"))
                        return
                    }
                    head.writeBuffer(&chunk)
                }
                let view = head.readableBytesView
                let headEnd = view.firstRange(of: [13, 10, 13, 10])!
                let headLength = headEnd.upperBound - view.startIndex
                let text = String(decoding: view[..<headEnd.lowerBound], as: UTF8.self)
                let target: String
                let destination: (host: String, port: Int)
                do throws(EgressError) {
                    target = try Self.connectTarget(text)
                    destination = try allowList.decide(connectTarget: target)
                } catch {
                    logger.warning("egress refused", metadata: ["reason": "\(error)"])
                    metrics?.relayFailure("egress-refused")
                    let notAllowed: Bool = if case .notAllowed = error { true } else { false }
                    try await outbound.write(notAllowed ? Self.reply(403, "Forbidden") : Self.reply(400, "Bad Request"))
                    return
                }
                let remote: NIOAsyncChannel<ByteBuffer, ByteBuffer>
                do {
                    remote = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                        .connectTimeout(.seconds(10))
                        .connect(host: destination.host, port: destination.port) { channel in
                            channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
                        }
                } catch {
                    logger.warning("egress destination unreachable", metadata: ["target": "\(target)", "error": "\(error)"])
                    try await outbound.write(Self.reply(502, "Bad Gateway"))
                    return
                }
                logger.info("egress tunnel open", metadata: ["target": "\(target)"])
                try await outbound.write(Self.reply(200, "Connection Established"))
                // Bytes the core sent after its CONNECT head (a TLS ClientHello sent eagerly) go first.
                let leftover = head.getSlice(at: head.readerIndex + headLength, length: head.readableBytes - headLength)
                try await remote.executeThenClose { remoteIn, remoteOut in
                    if let leftover, leftover.readableBytes > 0 { try await remoteOut.write(leftover) }
                    await ByteSplice.run(firstInbound: &iterator, firstOutbound: outbound, secondInbound: remoteIn, secondOutbound: remoteOut)
                }
            }
        } catch {
            logger.debug("egress tunnel ended", metadata: ["error": "\(error)"])
        }
    }

    static func containsHeadEnd(_ buffer: ByteBuffer) -> Bool {
        buffer.readableBytesView.firstRange(of: [13, 10, 13, 10]) != nil
    }

    /// The authority of `CONNECT authority HTTP/1.x`; any other method or shape is malformed.
    static func connectTarget(_ head: String) throws(EgressError) -> String {
        let requestLine = head.split(separator: "\r\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "CONNECT", parts[2] == "HTTP/1.1" || parts[2] == "HTTP/1.0" else {
            throw .malformedRequest("only CONNECT host:port HTTP/1.1 is relayed")
        }
        return String(parts[1])
    }

    static func reply(_ status: Int, _ reason: String) -> ByteBuffer {
        ByteBuffer(string: "HTTP/1.1 \(status) \(reason)\r\nContent-Length: 0\r\n\r\n")
    }
}
