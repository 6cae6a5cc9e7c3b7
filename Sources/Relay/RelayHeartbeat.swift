import NIOCore
import NIOHTTP2

/// Sends the edge an HTTP/2 PING every `interval` on a relay link the core dialled, so that the edge hears from a
/// live core even when no device is talking; the edge closes a link that stays silent for several intervals.
///
/// The PINGs go from the core to the edge, not the other way: on the relay link the core is the HTTP/2 server,
/// and Hummingbird's server side takes a client's PINGs more often than every 30 s as abuse (three strikes, then
/// GOAWAY "too many pings" and close). An edge pinging every 10 s had its links dropped about every 50 s.
final class RelayHeartbeat: ChannelInboundHandler {
    typealias InboundIn = HTTP2Frame
    typealias InboundOut = HTTP2Frame
    typealias OutboundOut = HTTP2Frame

    let interval: TimeAmount
    private var timer = LoopTimer()
    /// PING payloads from the top half of the range, apart from any the HTTP/2 stack sends of its own.
    private var next: UInt64 = 1 << 63

    init(interval: TimeAmount) {
        self.interval = interval
    }

    func handlerAdded(context: ChannelHandlerContext) {
        timer.start(self, context: context, every: interval) { $0.beat(context: $1) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer.stop()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer.stop()
        context.fireChannelInactive()
    }

    private func beat(context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(HTTP2Frame(streamID: .rootStream, payload: .ping(HTTP2PingData(withInteger: next), ack: false))), promise: nil)
        next &+= 1
    }
}
