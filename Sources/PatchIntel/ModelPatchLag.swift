/// How long one model's devices take to get patches after they are published: every bulletin or release
/// measured, and the summary a report shows.
///
/// The 90th percentile is by nearest rank, so it is always a lag that was measured: with fewer than ten samples
/// it is the worst one.
public struct ModelPatchLag: Sendable, Hashable {
    public let key: ModelKey
    /// One per bulletin or release, oldest publication first.
    public let samples: [PatchLagSample]
    public let medianLagDays: Double
    public let percentile90LagDays: Int
    public let worstLagDays: Int

    /// Nil without samples: a model with nothing measured has no lag, not a lag of zero.
    public init?(key: ModelKey, samples: [PatchLagSample]) {
        guard !samples.isEmpty else { return nil }
        self.key = key
        self.samples = samples.sorted { ($0.published, $0.publication) < ($1.published, $1.publication) }
        let lags = samples.map(\.lagDays).sorted()
        medianLagDays = Percentile.median(lags)
        percentile90LagDays = Percentile.nearestRank(0.9, of: lags)
        worstLagDays = lags[lags.count - 1]
    }

    public var sampleCount: Int { samples.count }

    /// Several models' lag as one: the median of their medians, each weighted by its samples, so a model measured
    /// once does not count as much as one measured every month. Nil when `lags` is empty.
    public static func pooledMedianLagDays(_ lags: [ModelPatchLag]) -> Double? {
        Percentile.weightedMedian(lags.map { ($0.medianLagDays, $0.sampleCount) })
    }
}
