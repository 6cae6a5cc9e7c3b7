import NIOCore

/// How long a listener waits for each part of a connection's life, and how many connections it holds.
///
/// Every wait is bounded so that a client that stops half-way (before the TLS handshake ends, inside the request
/// head, before the promised body arrives, or between requests) costs a descriptor for a bounded time only; the caps
/// bound how many such clients are held at once, and shedding the oldest idle connection first keeps room for a
/// client that is about to send a request.
public struct ConnectionLimits: Sendable, Hashable {
    /// From accepting the connection to the end of the TLS handshake (TLS listeners only).
    public var handshakeTimeout: TimeAmount
    /// For a request head to arrive whole: from the handshake (or the accept) for the first request, and from the
    /// request's first byte for later ones on a kept-alive connection.
    public var headerTimeout: TimeAmount
    /// From a request's head to the end of its body.
    public var bodyTimeout: TimeAmount
    /// Between a response and the next request's first byte on a kept-alive connection.
    public var idleTimeout: TimeAmount
    /// Connections held at once on this listener.
    public var maximumConnections: Int
    /// Connections held at once from one source address.
    public var maximumConnectionsPerSource: Int
    /// A declared `Content-Length` above this is answered 413 before any of the body is read.
    public var maximumBodyBytes: Int
    /// After answering before the body was read (an early 413), up to this much of the body is read and dropped so
    /// the client, which may be writing all of it before it reads, gets the answer; beyond it the connection closes.
    public var maximumDrainBytes: Int

    public init(
        handshakeTimeout: TimeAmount = .seconds(10), headerTimeout: TimeAmount = .seconds(10), bodyTimeout: TimeAmount = .seconds(30),
        idleTimeout: TimeAmount = .seconds(30), maximumConnections: Int, maximumConnectionsPerSource: Int, maximumBodyBytes: Int,
        maximumDrainBytes: Int = 4 << 20
    ) {
        self.handshakeTimeout = handshakeTimeout
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
        self.maximumConnections = maximumConnections
        self.maximumConnectionsPerSource = maximumConnectionsPerSource
        self.maximumBodyBytes = maximumBodyBytes
        self.maximumDrainBytes = maximumDrainBytes
    }

    /// Per source on a device listener: a whole site behind one NAT address keeps its devices' connections short,
    /// and shedding takes only idle ones, so this bounds one client without turning a site away.
    public static let defaultDeviceConnectionsPerSource = 1000
    /// The admin listener serves operators and their scripts: a few hundred connections are plenty.
    public static let defaultAdminConnections = 512
    public static let defaultAdminConnectionsPerSource = 128

    /// A device listener's limits with the total cap taken from the descriptor budget.
    public static func device(maximumBodyBytes: Int, budget: DescriptorBudget = .current) -> ConnectionLimits {
        ConnectionLimits(
            maximumConnections: budget.deviceConnections, maximumConnectionsPerSource: defaultDeviceConnectionsPerSource,
            maximumBodyBytes: maximumBodyBytes
        )
    }

    /// The admin listener's limits: a small fixed cap, counted in the descriptor budget's reserve.
    public static func admin(maximumBodyBytes: Int) -> ConnectionLimits {
        ConnectionLimits(
            maximumConnections: defaultAdminConnections, maximumConnectionsPerSource: defaultAdminConnectionsPerSource,
            maximumBodyBytes: maximumBodyBytes
        )
    }
}
