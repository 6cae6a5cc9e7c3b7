import NIOCore
import NIOTLS

/// Sits right after TLS (or first, without TLS): admits the connection when it comes up, sees the handshake end and
/// the first byte of each request, and lets the connection's table entry go when it closes.
final class ConnectionByteWatch: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    let connection: WatchedConnection

    init(connection: WatchedConnection) { self.connection = connection }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { connection.activate(context.channel) }
    }

    func channelActive(context: ChannelHandlerContext) {
        connection.activate(context.channel)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        connection.deactivate()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        connection.bytesArrived()
        context.fireChannelRead(data)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .handshakeCompleted = event as? TLSUserEvent { connection.handshakeCompleted() }
        context.fireUserInboundEventTriggered(event)
    }
}
