extension Duration {
    /// Whole nanoseconds, saturating, for APIs (NIO's `TimeAmount`, random ranges) that count in `Int64`.
    var saturatingNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? (seconds < 0 ? Int64.min : Int64.max) : scaled &+ attoseconds / 1_000_000_000
    }
}
