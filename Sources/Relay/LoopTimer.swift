import NIOCore

/// Work a channel handler repeats on its channel's event loop while it is in the pipeline (the relay link's
/// heartbeat and silence check), started when the handler is added and stopped when it goes or the channel closes.
struct LoopTimer {
    private var task: RepeatedTask?

    mutating func start<Handler: AnyObject>(
        _ handler: Handler, context: ChannelHandlerContext, every interval: TimeAmount, _ tick: @escaping (Handler, ChannelHandlerContext) -> Void
    ) {
        let bound = NIOLoopBound((handler, context, tick), eventLoop: context.eventLoop)
        task = context.eventLoop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in
            let (handler, context, tick) = bound.value
            tick(handler, context)
        }
    }

    mutating func stop() {
        task?.cancel()
        task = nil
    }
}
