/// How many times to send a push that met a 429, a 5xx or a network failure, and how long to wait between.
///
/// Waits grow exponentially from `initialDelay`, are capped at `maxDelay`, and are jittered (a random
/// point in the upper half of the step) so that many senders retrying after the same APNs hiccup do not
/// arrive together. A `Retry-After` from APNs is honoured up to `maxDelay`.
public struct APNsRetryPolicy: Hashable, Sendable {
    /// Total attempts including the first; at least 1.
    public var maxAttempts: Int
    public var initialDelay: Duration
    public var maxDelay: Duration

    public init(maxAttempts: Int = 5, initialDelay: Duration = .milliseconds(250), maxDelay: Duration = .seconds(30)) {
        self.maxAttempts = maxAttempts
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
    }

    /// The wait after failed attempt number `attempt` (1-based), given an optional `Retry-After` in seconds.
    func delay(afterAttempt attempt: Int, retryAfterSeconds: Int? = nil) -> Duration {
        var step = initialDelay
        for _ in 1..<max(attempt, 1) {
            step *= 2
            if step >= maxDelay { break }
        }
        step = min(step, maxDelay)
        let stepNanoseconds = max(step.saturatingNanoseconds, 1)
        let jittered = Duration.nanoseconds(Int64.random(in: (stepNanoseconds / 2)...stepNanoseconds))
        if let retryAfterSeconds, retryAfterSeconds > 0 {
            return min(max(jittered, .seconds(retryAfterSeconds)), maxDelay)
        }
        return jittered
    }

}
