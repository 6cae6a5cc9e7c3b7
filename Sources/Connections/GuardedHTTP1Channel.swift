import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL

/// Hummingbird's HTTP/1 channel with the connection's life bounded by a `ConnectionWarden`: the same pipeline, with
/// a byte watch right after TLS (or first) and a request watch between HTTP decoding and Hummingbird's connection
/// state handler. Wraps `HTTP1Channel` rather than copying it, so Hummingbird's request handling is unchanged.
public struct GuardedHTTP1Channel: ServerChildChannel, HTTPChannelHandler {
    public typealias Value = HTTP1Channel.Value

    let base: HTTP1Channel
    let warden: ConnectionWarden

    public init(responder: @escaping HTTPChannelHandler.Responder, warden: ConnectionWarden) {
        base = HTTP1Channel(responder: responder)
        self.warden = warden
    }

    public var responder: HTTPChannelHandler.Responder { base.responder }

    /// Runs before the channel is registered (TLS, if any, is in the pipeline already): adds the watches around what
    /// `HTTP1Channel` adds.
    public func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let connection = WatchedConnection(warden: warden)
        do {
            try channel.pipeline.syncOperations.addHandler(ConnectionByteWatch(connection: connection))
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return base.setup(channel: channel, logger: logger).assumeIsolated().flatMapThrowing { value in
            let operations = channel.pipeline.syncOperations
            let state = try operations.handler(type: HTTPConnectionStateHandler.self)
            try operations.addHandler(ConnectionRequestWatch(connection: connection), position: .before(state))
            return value
        }.nonisolated()
    }

    public func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1 guarded by `warden`, over TLS when `tls` is given (the warden must have been made with `tls: true`).
    public static func guardedHTTP1(warden: ConnectionWarden, tls: TLSConfiguration? = nil) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            let channel = GuardedHTTP1Channel(responder: responder, warden: warden)
            guard let tls else { return channel }
            return try TLSChannel(channel, tlsConfiguration: tls)
        }
    }
}
