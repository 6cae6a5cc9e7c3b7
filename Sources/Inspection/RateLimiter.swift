import Foundation

/// Token buckets by key (a device identifier or a source address), with `now` always given by the caller.
///
/// A value type with mutating methods: the edge keeps one per key space behind its own lock (`InspectionGate`
/// does). Memory is bounded by `maximumKeys`: when full, buckets that have refilled completely are dropped (they
/// are the same as no bucket), and if that frees nothing the longest-idle quarter is.
public struct RateLimiter: Sendable {
    struct Bucket: Sendable {
        var tokens: Double
        var updatedAt: Date
    }

    public let limit: RateLimit
    public let maximumKeys: Int
    private var buckets: [String: Bucket] = [:]

    public init(limit: RateLimit, maximumKeys: Int = 100_000) {
        precondition(maximumKeys > 0, "a rate limiter tracks at least one key")
        self.limit = limit
        self.maximumKeys = maximumKeys
    }

    /// How many keys are tracked now.
    public var trackedKeys: Int { buckets.count }

    /// Takes `cost` tokens from `key`'s bucket at `now`; `false` (and nothing taken) when the bucket is short.
    public mutating func allow(_ key: String, now: Date, cost: Double = 1) -> Bool {
        var bucket: Bucket
        if let existing = buckets[key] {
            bucket = existing
            bucket.tokens = refilled(existing, now: now)
            // A clock stepping back refills nothing and never moves the bucket's time backwards.
            bucket.updatedAt = max(existing.updatedAt, now)
        } else {
            if buckets.count >= maximumKeys { evict(now: now) }
            bucket = Bucket(tokens: limit.burst, updatedAt: now)
        }
        let allowed = bucket.tokens >= cost
        if allowed { bucket.tokens -= cost }
        buckets[key] = bucket
        return allowed
    }

    private func refilled(_ bucket: Bucket, now: Date) -> Double {
        let elapsed = max(0, now.timeIntervalSince(bucket.updatedAt))
        return min(limit.burst, bucket.tokens + elapsed * limit.perSecond)
    }

    private mutating func evict(now: Date) {
        buckets = buckets.filter { refilled($0.value, now: now) < limit.burst }
        guard buckets.count >= maximumKeys else { return }
        let oldest = buckets.sorted { $0.value.updatedAt < $1.value.updatedAt }.prefix(max(1, buckets.count / 4))
        for (key, _) in oldest { buckets[key] = nil }
    }
}
