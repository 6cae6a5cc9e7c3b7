/// How long a core waits before dialling an edge again: exponential growth from `base` up to `cap`, with "equal
/// jitter" (half the step fixed, half random) so that many cores restarted together do not dial in lockstep, and
/// none retries in a tight loop.
public struct RelayBackoff: Sendable, Hashable {
    public var base: Duration
    public var cap: Duration

    public init(base: Duration = .milliseconds(100), cap: Duration = .seconds(10)) {
        self.base = base
        self.cap = cap
    }

    /// The step before jitter for the `attempt`-th consecutive failure (0 for the first).
    public func ceiling(attempt: Int) -> Duration {
        let doubled = base * (1 << min(max(attempt, 0), 20))
        return min(doubled, cap)
    }

    /// The delay to wait: between half of `ceiling(attempt:)` and all of it.
    public func delay(attempt: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let ceiling = ceiling(attempt: attempt)
        let half = ceiling / 2
        let jitterNanoseconds = Int64.random(in: 0...max(0, nanoseconds(half)), using: &generator)
        return half + .nanoseconds(jitterNanoseconds)
    }

    private func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
