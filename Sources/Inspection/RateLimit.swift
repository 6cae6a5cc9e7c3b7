/// A token bucket's numbers: `burst` requests at once, refilled at `perSecond`.
public struct RateLimit: Sendable, Hashable {
    public var burst: Double
    public var perSecond: Double

    public init(burst: Double, perSecond: Double) {
        precondition(burst >= 1 && perSecond >= 0, "a rate limit allows at least one request")
        self.burst = burst
        self.perSecond = perSecond
    }
}
