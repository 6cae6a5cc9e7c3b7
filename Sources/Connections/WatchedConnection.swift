import NIOCore

/// One connection's place in its life and the deadline that goes with it: the state both watch handlers of a
/// connection share. Lives on the connection's event loop only.
final class WatchedConnection {
    enum Phase: Equatable {
        case starting
        case handshaking
        /// Waiting for a request head; `started` once its first byte arrived (or for the first request, whose
        /// header timeout runs from the handshake).
        case awaitingHead(started: Bool)
        case readingBody
        case responding
        /// Answered before the request's body was read; dropping the rest, `drained` bytes so far.
        case draining(drained: Int)
        case closed
    }

    let warden: ConnectionWarden
    var limits: ConnectionLimits { warden.limits }
    private(set) var phase: Phase = .starting
    private var id: Int?
    private var channel: (any Channel)?
    private var deadline: Scheduled<Void>?
    /// The request in progress asked for the connection to close after its response.
    private var closeAfterResponse = false
    /// The latest request has been read to its end.
    private var requestRead = false
    /// Requests whose response has not ended (more than one when a client pipelines).
    private var inFlight = 0

    init(warden: ConnectionWarden) { self.warden = warden }

    /// The connection is up: admitted (its timer set) or refused and closed.
    func activate(_ channel: any Channel) {
        guard phase == .starting else { return }
        self.channel = channel
        guard let id = warden.admit(channel) else {
            phase = .closed
            channel.close(promise: nil)
            return
        }
        self.id = id
        if warden.tls {
            phase = .handshaking
            arm(limits.handshakeTimeout, .handshakeTimeout)
        } else {
            phase = .awaitingHead(started: true)
            arm(limits.headerTimeout, .headerTimeout)
        }
    }

    func handshakeCompleted() {
        guard phase == .handshaking else { return }
        phase = .awaitingHead(started: true)
        arm(limits.headerTimeout, .headerTimeout)
    }

    /// Bytes of a request arrived (decrypted).
    func bytesArrived() {
        guard phase == .awaitingHead(started: false) else { return }
        phase = .awaitingHead(started: true)
        arm(limits.headerTimeout, .headerTimeout)
    }

    func requestStarted(closeAfterResponse: Bool) {
        if let id { warden.busy(id) }
        if closeAfterResponse { self.closeAfterResponse = true }
        requestRead = false
        inFlight += 1
        phase = .readingBody
        arm(limits.bodyTimeout, .bodyTimeout)
    }

    func requestEnded() {
        requestRead = true
        if case .readingBody = phase {
            phase = .responding
            disarm()
        }
    }

    func responseAskedToClose() { closeAfterResponse = true }

    /// What to do once the response's end is written.
    enum AfterResponse { case keepOpen, close, drain }

    func responseEnded() -> AfterResponse {
        guard phase != .closed else { return .keepOpen }
        inFlight = max(0, inFlight - 1)
        // A pipelined request is still being read or answered: its own end decides.
        if inFlight > 0 { return .keepOpen }
        if !requestRead {
            phase = .draining(drained: 0)
            arm(limits.bodyTimeout, .bodyTimeout)
            return .drain
        }
        if closeAfterResponse { return .close }
        phase = .awaitingHead(started: false)
        if let id { warden.idle(id) }
        arm(limits.idleTimeout, .idleTimeout)
        return .keepOpen
    }

    /// Answered early (413) without passing the request on: drop what follows.
    func answeredEarly() {
        closeAfterResponse = true
        phase = .draining(drained: 0)
        arm(limits.bodyTimeout, .bodyTimeout)
    }

    /// Body bytes dropped while draining; `false` once over the limit (the connection is being closed).
    func drained(_ bytes: Int) -> Bool {
        guard case .draining(let drained) = phase else { return true }
        let total = drained + bytes
        guard total <= limits.maximumDrainBytes else {
            close(.drainLimit)
            return false
        }
        phase = .draining(drained: total)
        return true
    }

    var isDraining: Bool {
        if case .draining = phase { return true }
        return false
    }

    func deactivate() {
        disarm()
        phase = .closed
        if let id, let channel { warden.left(id, on: channel.eventLoop) }
        id = nil
        channel = nil
    }

    func close(_ reason: ConnectionWarden.Closure?) {
        guard phase != .closed, let channel else { return }
        if let reason { warden.closing(reason) }
        disarm()
        phase = .closed
        channel.close(promise: nil)
    }

    private func arm(_ timeout: TimeAmount, _ reason: ConnectionWarden.Closure) {
        disarm()
        guard let channel else { return }
        deadline = channel.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            deadline = nil
            close(reason)
        }
    }

    private func disarm() {
        deadline?.cancel()
        deadline = nil
    }
}
