import Foundation

/// Timing and its text for the benchmarks: one way to take percentiles and to print durations.
enum Timings {
    /// Median and p99 of `samples` (which need not be sorted).
    static func percentiles(_ samples: [Duration]) -> (median: Duration, p99: Duration) {
        let sorted = samples.sorted()
        return (sorted[sorted.count / 2], sorted[min(sorted.count - 1, sorted.count * 99 / 100)])
    }

    /// Median and p99 of `iterations` runs of `body`, each timed on its own.
    static func measure(_ iterations: Int, _ body: () -> Void) -> (median: Duration, p99: Duration) {
        var samples: [Duration] = []
        samples.reserveCapacity(iterations)
        for _ in 0..<iterations {
            let started = ContinuousClock.now
            body()
            samples.append(ContinuousClock.now - started)
        }
        return percentiles(samples)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func milliseconds(_ duration: Duration) -> String { String(format: "%.2f ms", seconds(duration) * 1000) }

    static func microseconds(_ duration: Duration, decimals: Int = 0) -> String {
        String(format: "%.\(decimals)f µs", seconds(duration) * 1_000_000)
    }
}
