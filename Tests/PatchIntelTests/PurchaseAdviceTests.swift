import PalisadeCore
import PatchIntel
import Testing

/// Advice from the shipped catalogue on 2026-09-15: candidates were released from 2023-09-15 on. pixel.md: the
/// Pixel 11 family ends 2033-08-01, Pixel 10 2032-08-01; fairphone.md: Fairphone 6 2033-06-25.
@Suite struct PurchaseAdviceTests {
    static let today = Fixtures.day("2026-09-15")

    /// Pixel 11 Pro measured at 1 day over 1 sample, Pixel 11 at 20 over 3: Google pooled is 20.
    static let lag = PatchLagMeasurement(today: today, models: [Fixtures.lag("Google", "Pixel 11 Pro", [1]), Fixtures.lag("Google", "Pixel 11", [20, 20, 20])])

    @Test func forFiveYearsTheLatestEndsLeadAndLagBreaksTies() throws {
        let advice = PurchaseAdvice.rank(catalogue: Fixtures.catalogue, lag: Self.lag, today: Self.today, years: 5)
        #expect(advice.projectEnds == Fixtures.day("2031-09-15"))
        // 2031-09-15 → 2033-08-01: 686 days for the four Pixel 11s; own lag 1 first, then 20 (own, then Google's) by name.
        let top = advice.candidates.prefix(5)
        #expect(top.map(\.model.model) == ["Pixel 11 Pro", "Pixel 11", "Pixel 11 Pro Fold", "Pixel 11 Pro XL", "Fairphone 6"])
        #expect(top.map(\.marginDays) == [686, 686, 686, 686, 649])
        #expect(top.map(\.lagSource) == [.model, .model, .maker, .maker, .unmeasured])
        #expect(top.map(\.medianLagDays) == [1, 20, 20, 20, nil])
        // Pixel 10 outlasts a five-year project by 321 days.
        let pixel10 = try #require(advice.candidates.first { $0.model.model == "Pixel 10" })
        #expect(pixel10.supportEnds == Fixtures.day("2032-08-01"))
        #expect(pixel10.marginDays == 321)
        #expect(pixel10.standing == .outlastsProject)
        #expect(pixel10.hasPublishedCommitment)
        let margins = advice.outlasting.compactMap(\.marginDays)
        #expect(margins == margins.sorted(by: >) && margins.allSatisfy { $0 >= 0 })
        #expect(advice.outlasting.count == 46)
    }

    @Test func forSevenYearsNothingOutlastsAndThePixel10FallsShort() throws {
        let advice = PurchaseAdvice.rank(catalogue: Fixtures.catalogue, lag: Self.lag, today: Self.today, years: 7)
        #expect(advice.outlasting.isEmpty)
        // 2033-08-01 is 45 days before 2033-09-15; 2032-08-01 is 410.
        #expect(advice.fallingShort.first?.model.model == "Pixel 11 Pro")
        #expect(advice.fallingShort.first?.marginDays == -45)
        let pixel10 = try #require(advice.candidates.first { $0.model.model == "Pixel 10" })
        #expect(pixel10.marginDays == -410)
        #expect(pixel10.standing == .fallsShort)
        #expect(pixel10.note == "support ends 2032-08-01, 410 days before the project ends (2033-09-15)")
        let margins = advice.fallingShort.compactMap(\.marginDays)
        #expect(margins == margins.sorted(by: >) && margins.allSatisfy { $0 < 0 })
    }

    @Test func appleModelsAreFlaggedAsWithoutAPublishedCommitmentAndListedLast() {
        let advice = PurchaseAdvice.rank(catalogue: Fixtures.catalogue, lag: Self.lag, today: Self.today, years: 5)
        let standings = advice.candidates.map(\.standing)
        #expect(standings == standings.sorted())
        let apple = advice.candidates.filter { $0.model.maker == "Apple" }
        #expect(apple.contains { $0.model.model == "iPhone 17" })
        #expect(apple.allSatisfy { $0.standing == .noPublishedCommitment && !$0.hasPublishedCommitment && $0.marginDays == nil })
        #expect(apple.allSatisfy { $0.note == "no published commitment: Apple publishes no end date; judge by its record" })
        // Without a commitment, newest first.
        let released = advice.withoutCommitment.compactMap(\.model.released)
        #expect(released == released.sorted(by: >))
        // Only Apple on iOS, and nothing of it outlasts anything.
        let ios = PurchaseAdvice.rank(catalogue: Fixtures.catalogue, lag: Self.lag, today: Self.today, years: 5, platform: .ios)
        #expect(!ios.candidates.isEmpty)
        #expect(ios.candidates.count == ios.withoutCommitment.count)
        #expect(ios.candidates.allSatisfy { $0.model.platform == .ios })
    }

    @Test func discontinuedAndOlderModelsAreNotCandidates() {
        let names = Set(PurchaseAdvice.rank(catalogue: Fixtures.catalogue, lag: Self.lag, today: Self.today, years: 5).candidates.map(\.model.model))
        // pixel.md: Pixel 8 (2023-10-04) is discontinued; Pixel 7 came out in 2022. Pixel 9 is still sold.
        #expect(!names.contains("Pixel 8"))
        #expect(!names.contains("Pixel 7"))
        #expect(names.contains("Pixel 9"))
    }
}
