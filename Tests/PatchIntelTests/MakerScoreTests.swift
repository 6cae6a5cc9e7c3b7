import PalisadeCore
import PatchIntel
import Testing

@Suite struct MakerScoreTests {
    static let today = Fixtures.day("2026-09-15")

    static func lag(_ model: String, maker: String = "Example", _ lags: [Int]) -> ModelPatchLag {
        Fixtures.lag(maker, model, lags)
    }

    static func model(_ name: String, maker: String = "Example", released: String, support: SupportEnd) -> CatalogueModel {
        CatalogueModel(platform: .android, maker: maker, model: name, released: Fixtures.day(released), securitySupport: support, source: "test")
    }

    /// Recent since 2023-09-15. E1: 2024-03-01 → 2028-03-01, 1461 days = 4 years; E2: 2025-01-10 → 2033-01-10,
    /// 2922 days = 8 years; E3 open; E0 too old; Z1 another maker's.
    static let models = [
        model("E1", released: "2024-03-01", support: .on(Fixtures.day("2028-03-01"))),
        model("E2", released: "2025-01-10", support: .on(Fixtures.day("2033-01-10"))),
        model("E3", released: "2026-01-01", support: .openEnded),
        model("E0", released: "2022-06-01", support: .on(Fixtures.day("2030-06-01"))),
        model("Z1", maker: "Other", released: "2025-01-01", support: .on(Fixtures.day("2026-01-01"))),
    ]

    @Test func lagAndCommitmentEachGiveHalfTheScore() throws {
        // E1's median 9 over 3 samples outweighs E2's 45 over 1: pooled 9. Lag: 50 × (1 − 9/90) = 45.
        // Commitment: (4 + 8) / 2 = 6 years, 50 × 6/7 = 42.857…; score 87.857…
        let score = MakerScore(maker: "Example", lag: [Self.lag("E1", [9, 9, 12]), Self.lag("E2", [45]), Self.lag("Z1", maker: "Other", [0])], models: Self.models, today: Self.today)
        #expect(score.basis == .lagAndCommitment)
        #expect(score.medianLagDays == 9)
        #expect(score.lagSamples == 4)
        #expect(score.modelsMeasured == ["E1", "E2"])
        #expect(score.lagPoints == 45)
        #expect(score.committedYears == 6)
        #expect(score.modelsCommitted == ["E1", "E2"])
        #expect(score.modelsWithoutCommitment == ["E3"])
        let commitment = try #require(score.commitmentPoints)
        let total = try #require(score.score)
        #expect(abs(commitment - 300.0 / 7) < 1e-9)
        #expect(abs(total - (45 + 300.0 / 7)) < 1e-9)
    }

    @Test func equalWeightsPoolToTheOrdinaryMedianAndLongLagScoresNothing() {
        let even = MakerScore(maker: "example", lag: [Self.lag("E1", [9]), Self.lag("E2", [45])], models: Self.models, today: Self.today)
        #expect(even.medianLagDays == 27)
        #expect(even.lagPoints == 35)
        let slow = MakerScore(maker: "Example", lag: [Self.lag("E1", [120])], models: Self.models, today: Self.today)
        #expect(slow.lagPoints == 0)
    }

    @Test func withoutLagTheScoreIsTheCommitmentHalfDoubledAndSaysSo() throws {
        let score = MakerScore(maker: "Example", lag: [], models: Self.models, today: Self.today)
        #expect(score.basis == .commitmentOnly)
        #expect(score.lagPoints == nil && score.medianLagDays == nil && score.lagSamples == 0)
        let total = try #require(score.score)
        #expect(abs(total - 600.0 / 7) < 1e-9)
        // Commitment caps at 7 years.
        let long = MakerScore(maker: "Other", lag: [], models: [Self.model("L", maker: "Other", released: "2025-01-10", support: .on(Fixtures.day("2033-01-10")))], today: Self.today)
        #expect(long.commitmentPoints == 50 && long.score == 100)
    }

    @Test func appleHasNoPublishedCommitmentSoItsScoreRestsOnLagAlone() throws {
        let reports = [
            PatchReport(platform: .ios, maker: "Apple", model: "iPhone15,2", level: "23F84", firstReportedAt: Fixtures.day("2026-07-08"), devices: 1),
            PatchReport(platform: .ios, maker: "Apple", model: "iPhone15,2", level: "23G83", firstReportedAt: Fixtures.day("2026-08-26"), devices: 1),
        ]
        let lag = PatchLagMeasurement(reports: reports, catalogue: Fixtures.catalogue, today: Self.today)
        let scores = MakerScore.scores(lag: lag, catalogue: Fixtures.catalogue, today: Self.today)
        let apple = try #require(scores.first { $0.maker == "Apple" })
        // 26.5.2 came out before the model first reported; 26.6.1 (2026-08-17) was first reported 9 days later: 50 × (1 − 9/90) = 45, doubled.
        #expect(apple.basis == .lagOnly)
        #expect(apple.medianLagDays == 9)
        #expect(apple.score == 90)
        #expect(apple.modelsCommitted.isEmpty)
        #expect(apple.modelsWithoutCommitment.contains("iPhone 17"))
        // Makers nobody measured are scored on their published commitments.
        let google = try #require(scores.first { $0.maker == "Google" })
        #expect(google.basis == .commitmentOnly)
        #expect(google.modelsCommitted.contains("Pixel 10"))
        // Best first, unscored last.
        let ranked = scores.compactMap(\.score)
        #expect(ranked == ranked.sorted(by: >))
    }
}
