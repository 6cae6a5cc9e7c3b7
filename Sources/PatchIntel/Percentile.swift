/// The order statistics lag is summarised with, kept in one place so that every report computes them alike.
enum Percentile {
    /// The middle value of ascending `sorted`; the mean of the two middle ones for an even count.
    static func median(_ sorted: [Int]) -> Double {
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? Double(sorted[middle]) : Double(sorted[middle - 1] + sorted[middle]) / 2
    }

    /// Nearest rank: the smallest value with at least `fraction` of the values at or below it. Always a value that
    /// was measured, which a report can point at.
    static func nearestRank(_ fraction: Double, of sorted: [Int]) -> Int {
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    /// The value at half the total weight; where the halfway point falls exactly between two values, their mean
    /// (so equal weights give the ordinary median). Nil when there is no weight.
    static func weightedMedian(_ values: [(value: Double, weight: Int)]) -> Double? {
        let sorted = values.filter { $0.weight > 0 }.sorted { $0.value < $1.value }
        let total = sorted.reduce(0) { $0 + $1.weight }
        guard total > 0 else { return nil }
        var cumulative = 0
        for (index, entry) in sorted.enumerated() {
            cumulative += entry.weight
            if cumulative * 2 == total { return (entry.value + sorted[index + 1].value) / 2 }
            if cumulative * 2 > total { return entry.value }
        }
        return sorted.last?.value
    }
}
