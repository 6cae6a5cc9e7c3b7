import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Sits after HTTP decoding: marks the connection busy for each request, answers 413 at once to a declared body over
/// the limit and 100 Continue at once to `Expect: 100-continue`, and after a response sent before the request's body
/// was read, drops the rest of the body (bounded) and closes, so a client that writes its whole body before reading
/// gets its answer instead of waiting on a full socket.
final class ConnectionRequestWatch: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let connection: WatchedConnection

    init(connection: WatchedConnection) { self.connection = connection }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if connection.isDraining {
            switch part {
            case .head:
                // A pipelined request after one answered early: the connection closes, it is not served.
                connection.close(nil)
            case .body(let bytes):
                _ = connection.drained(bytes.readableBytes)
            case .end:
                connection.close(nil)
            }
            return
        }
        switch part {
        case .head(let head):
            let fields = head.headerFields
            connection.requestStarted(closeAfterResponse: Self.asksToClose(fields))
            let declared = fields[.contentLength].flatMap { Int($0) }
            if let declared, declared > connection.limits.maximumBodyBytes {
                refuseEarly(context: context, declared: declared)
                return
            }
            if fields[.expect]?.lowercased() == "100-continue" {
                context.writeAndFlush(wrapOutboundOut(.head(HTTPResponse(status: .continue))), promise: nil)
            }
        case .body:
            break
        case .end:
            connection.requestEnded()
        }
        context.fireChannelRead(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        // While draining nobody downstream asks for more: keep reading until the body ends or a limit closes.
        if connection.isDraining { context.read() }
        context.fireChannelReadComplete()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head):
            if head.status.kind != .informational, Self.asksToClose(head.headerFields) { connection.responseAskedToClose() }
            context.write(data, promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            switch connection.responseEnded() {
            case .keepOpen:
                context.write(data, promise: promise)
            case .close:
                closeAfterWriting(data, context: context, promise: promise)
            case .drain:
                context.writeAndFlush(data, promise: promise)
                context.read()
            }
        }
    }

    private func refuseEarly(context: ChannelHandlerContext, declared: Int) {
        connection.warden.refusedBody()
        let message = ByteBuffer(string: "the body is larger than any request this server takes\n")
        let head = HTTPResponse(status: .contentTooLarge, headerFields: [
            .contentType: "text/plain; charset=utf-8", .contentLength: String(message.readableBytes), .connection: "close",
        ])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(message)), promise: nil)
        if declared > connection.limits.maximumDrainBytes {
            // Too much to read and drop: close once the answer is out; a client still writing may see a reset.
            connection.answeredEarly()
            closeAfterWriting(wrapOutboundOut(.end(nil)), context: context, promise: nil)
        } else {
            connection.answeredEarly()
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            context.read()
        }
    }

    private func closeAfterWriting(_ data: NIOAny, context: ChannelHandlerContext, promise: EventLoopPromise<Void>?) {
        let written = context.eventLoop.makePromise(of: Void.self)
        if let promise { written.futureResult.cascade(to: promise) }
        let connection = connection
        written.futureResult.assumeIsolated().whenComplete { _ in connection.close(nil) }
        context.writeAndFlush(data, promise: written)
    }

    static func asksToClose(_ fields: HTTPFields) -> Bool {
        fields[values: .connection].contains { value in value.split(separator: ",").contains { $0.filter { $0 != " " && $0 != "\t" }.lowercased() == "close" } }
    }
}
