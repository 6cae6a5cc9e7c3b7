import HTTPTypes
import NIOCore
import Synchronization

/// The cores connected to one edge. Requests go to live cores in turn, skipping any that is draining; a request
/// that a core never received is tried on the next one.
public final class RelayLinkPool: Sendable {
    private struct State {
        var links: [RelayLink] = []
        var nextIndex = 0
        var nextID = 1
    }

    private let state = Mutex(State())

    public init() {}

    /// Cores connected, serving and not draining.
    public var availableCount: Int { state.withLock { $0.links.filter(\.isAvailable).count } }

    /// Every connected core, draining or not.
    public var connectedCount: Int { state.withLock { $0.links.count } }

    func makeID() -> Int {
        state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
    }

    func add(_ link: RelayLink) {
        state.withLock { $0.links.append(link) }
    }

    func remove(_ link: RelayLink) {
        state.withLock { $0.links.removeAll { $0 === link } }
    }

    /// The live cores, starting at the next one in turn.
    func rotation() -> [RelayLink] {
        state.withLock { state in
            let live = state.links.filter(\.isAvailable)
            guard !live.isEmpty else { return [] }
            let start = state.nextIndex % live.count
            state.nextIndex &+= 1
            return Array(live[start...] + live[..<start])
        }
    }

    /// Relays a request to a core: to each live core in turn until one receives it. Throws
    /// `RelayError.noCoreConnected` when none could, or the error of the core that received it and failed.
    public func send(_ head: HTTPRequest, body: ByteBuffer, responseLimit: Int, timeout: TimeAmount = .seconds(30)) async throws(RelayError) -> (HTTPResponse, ByteBuffer) {
        for link in rotation() {
            do {
                return try await link.send(head, body: body, responseLimit: responseLimit, timeout: timeout)
            } catch {
                guard case .sent(let failure) = error else { continue }
                throw failure
            }
        }
        throw .noCoreConnected
    }

    /// Closes every link (the edge is stopping).
    func closeAll() {
        for link in state.withLock({ $0.links }) { link.close() }
    }
}
