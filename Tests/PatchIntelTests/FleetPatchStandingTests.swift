import PalisadeCore
import PatchIntel
import Testing

@Suite struct FleetPatchStandingTests {
    static let intelligence = PatchIntelligence(catalogue: Fixtures.catalogue, today: Fixtures.day("2026-09-15"))

    /// On 2026-09-15 the newest level is 2026-09-05 (bulletin out 09-07); 26.6.1 (23G83) is the newest iOS.
    static let assessments = [
        Fixtures.android("Google", "Pixel 8", level: "2026-09-05"),  // current
        Fixtures.android("google", "Pixel 8", level: "2026-09-01"),  // 4 days old, no bulletin missed
        Fixtures.android("Google", "pixel-8", level: "2026-08-05"),  // 31 days old, September missed
        Fixtures.android("Google", "Pixel 8", level: nil),  // nothing to judge
        Fixtures.android("samsung", "Galaxy S24", level: "2026-06-05"),
        Fixtures.android("Acme", "Rocket 1", level: "2026-09-05"),  // not in the catalogue
        Fixtures.apple("iPhone15,2", version: "26.6.1", build: "23G83"),
    ].map(FleetPatchStandingTests.intelligence.assess)

    static let pixel8 = ModelKey(platform: .android, maker: "Google", model: "Pixel 8")

    @Test func notOnTheNewestPatchIsBehindByDefault() throws {
        let standing = FleetPatchStanding(assessments: Self.assessments, catalogue: Fixtures.catalogue)
        let pixel = try #require(standing.standing(for: Self.pixel8))
        #expect(pixel.devices == 4)
        #expect(pixel.judged == 3)
        #expect(pixel.behind == 2)
        #expect(pixel.shareBehind == 2.0 / 3)
        #expect(standing.standing(for: ModelKey(platform: .android, maker: "Samsung", model: "Galaxy S24"))?.shareBehind == 1)
        #expect(standing.standing(for: ModelKey(platform: .ios, maker: "Apple", model: "iPhone 14 Pro"))?.shareBehind == 0)
        #expect(standing.unidentifiedDevices == 1)
        #expect(standing.models.map(\.key.model) == ["Pixel 8", "Galaxy S24", "iPhone 14 Pro"])
    }

    @Test func theThresholdAndTheMissedBulletinCriterionForgiveAMonthsLevelInTheNewestMonth() {
        let month = FleetPatchStanding(assessments: Self.assessments, catalogue: Fixtures.catalogue, criterion: .olderThan(days: 30))
        #expect(month.standing(for: Self.pixel8)?.behind == 1)
        let missed = FleetPatchStanding(assessments: Self.assessments, catalogue: Fixtures.catalogue, criterion: .missedBulletin)
        #expect(missed.standing(for: Self.pixel8)?.behind == 1)
        let forgiving = FleetPatchStanding(assessments: Self.assessments, catalogue: Fixtures.catalogue, criterion: .olderThan(days: 31))
        #expect(forgiving.standing(for: Self.pixel8)?.behind == 0)
    }

    @Test func aModelWithNoJudgedDeviceHasNoShare() {
        let standing = FleetPatchStanding(assessments: [Fixtures.android("Google", "Pixel 9", level: nil)].map(Self.intelligence.assess), catalogue: Fixtures.catalogue)
        #expect(standing.models.count == 1)
        #expect(standing.models.first?.shareBehind == nil)
    }
}
