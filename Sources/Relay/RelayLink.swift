import HTTPTypes
import Logging
import NIOCore
import NIOHTTP2
import NIOHTTPTypes
import NIOHTTPTypesHTTP2
import Synchronization

/// One connection a core opened to this edge, seen from the edge: an HTTP/2 client over a TLS connection the edge
/// accepted. Each relayed device request is one HTTP/2 stream, so requests are multiplexed with HTTP/2's own flow
/// control and a slow request never blocks the others.
public final class RelayLink: Sendable {
    /// Draining and load, shared with the pipeline handler that sees the core's GOAWAY.
    final class State: Sendable {
        /// Set when the core's first HTTP/2 SETTINGS arrives: until then it is not known to be serving.
        let ready = Atomic<Bool>(false)
        let draining = Atomic<Bool>(false)
        let inFlight = Atomic<Int>(0)
    }

    public let id: Int
    /// The key the core proved in the handshake.
    public let corePin: RelayKeyPin?
    let channel: any Channel
    let multiplexer: NIOHTTP2Handler.AsyncStreamMultiplexer<Void>
    let state: State

    init(id: Int, channel: any Channel, multiplexer: NIOHTTP2Handler.AsyncStreamMultiplexer<Void>, state: State, corePin: RelayKeyPin?) {
        self.id = id
        self.channel = channel
        self.multiplexer = multiplexer
        self.state = state
        self.corePin = corePin
    }

    /// A core that sent GOAWAY finishes what it has but takes nothing new.
    public var isDraining: Bool { state.draining.load(ordering: .relaxed) }

    /// Whether the core has spoken HTTP/2 on the link and is not draining: only such links get requests.
    public var isAvailable: Bool { state.ready.load(ordering: .relaxed) && !isDraining }

    /// Requests relayed and not yet answered.
    public var inFlight: Int { state.inFlight.load(ordering: .relaxed) }

    /// Relays one request and collects the core's whole answer, refusing an answer larger than `responseLimit`
    /// or slower than `timeout`.
    ///
    /// Throws `RelayOutcome.notSent` when the stream could not be opened or the request not written — the core
    /// never saw it, so another core may be tried — and `RelayOutcome.sent` when the core may have acted on it.
    func send(_ head: HTTPRequest, body: ByteBuffer, responseLimit: Int, timeout: TimeAmount) async throws(RelayOutcome) -> (HTTPResponse, ByteBuffer) {
        state.inFlight.add(1, ordering: .relaxed)
        defer { state.inFlight.subtract(1, ordering: .relaxed) }
        let stream: NIOAsyncChannel<HTTPResponsePart, HTTPRequestPart>
        do {
            stream = try await multiplexer.openStream { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(HTTP2FramePayloadToHTTPClientCodec())
                    return try NIOAsyncChannel<HTTPResponsePart, HTTPRequestPart>(wrappingChannelSynchronously: channel)
                }
            }
        } catch {
            throw .notSent(.linkClosed)
        }
        // A stream that outlives the timeout is closed, which ends the read below with an error.
        let expired = ExpiryFlag()
        let deadline = stream.channel.eventLoop.scheduleTask(in: timeout) {
            expired.value.store(true, ordering: .relaxed)
            stream.channel.close(promise: nil)
        }
        defer { deadline.cancel() }
        do {
            return try await stream.executeThenClose { inbound, outbound in
                do {
                    // One yield for the whole request: each separate write is a hop to the event loop.
                    try await outbound.write(contentsOf: body.readableBytes > 0 ? [.head(head), .body(body), .end(nil)] : [.head(head), .end(nil)])
                } catch {
                    throw RelayOutcome.notSent(.linkClosed)
                }
                var response: HTTPResponse?
                var collected = ByteBuffer()
                for try await part in inbound {
                    switch part {
                    case .head(let head):
                        guard response == nil else { throw RelayOutcome.sent(.malformedResponse("two response heads")) }
                        response = head
                    case .body(let chunk):
                        guard response != nil else { throw RelayOutcome.sent(.malformedResponse("body before head")) }
                        guard collected.readableBytes + chunk.readableBytes <= responseLimit else {
                            throw RelayOutcome.sent(.malformedResponse("answer larger than \(responseLimit) bytes"))
                        }
                        var chunk = chunk
                        collected.writeBuffer(&chunk)
                    case .end:
                        guard let response else { throw RelayOutcome.sent(.malformedResponse("no response head")) }
                        return (response, collected)
                    }
                }
                throw RelayOutcome.sent(.linkClosed)
            }
        } catch let outcome as RelayOutcome {
            throw outcome
        } catch {
            throw .sent(expired.value.load(ordering: .relaxed) ? .timedOut : .linkClosed)
        }
    }

    private final class ExpiryFlag: Sendable {
        let value = Atomic<Bool>(false)
    }

    /// Closes the connection (the edge is stopping).
    func close() {
        channel.close(promise: nil)
    }
}

/// Whether a failed relay attempt reached the core.
public enum RelayOutcome: Error, Sendable {
    /// The core never received the request; it is safe to try another core.
    case notSent(RelayError)
    /// The core may have received and acted on the request; it must not be sent again.
    case sent(RelayError)

    public var error: RelayError {
        switch self {
        case .notSent(let error), .sent(let error): error
        }
    }
}
