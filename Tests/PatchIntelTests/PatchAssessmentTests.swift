import Foundation
import PalisadeCore
import PatchIntel
import Testing

/// Hand-checked devices against the shipped data (endoflife.date and SOFA of 2026-08-22); each expected number
/// was worked out from the source files, and the working is in the comment beside it.
@Suite struct PatchAssessmentTests {
    let intelligence = PatchIntelligence(catalogue: Fixtures.catalogue, today: Fixtures.day("2026-09-15"))

    @Test func aPixelAMonthBehindHasMissedOneBulletin() {
        let assessment = intelligence.assess(Fixtures.android("Google", "Pixel 8", level: "2026-08-05"))
        // September 2026's bulletin came out on Monday the 7th: newest 2026-09-05, 31 days after 2026-08-05.
        #expect(assessment.newestAvailable == Fixtures.day("2026-09-05"))
        #expect(assessment.patchAgeDays == 31)
        #expect(assessment.bulletinsMissed == 1)
        // pixel.md: Pixel 8 eol 2030-10-01; 2026-09-15 → 2030-09-15 is 1461 days (2028 is leap), +16.
        #expect(assessment.modelSupport == .on(Fixtures.day("2030-10-01")))
        #expect(assessment.supportDaysLeft == 1477)
        #expect(assessment.lifecycle == .supported)
        #expect(assessment.findings.isEmpty)
        #expect(assessment.model == "Pixel 8")
    }

    @Test func aMonthWithoutFixesIsNotABulletinMissed() {
        // July 2025's bulletin (out 7 July) listed no fixes: on 20 July a June device is current.
        let july = PatchIntelligence(catalogue: Fixtures.catalogue, today: Fixtures.day("2025-07-20"))
        let current = july.assess(Fixtures.android("Google", "Pixel 8", level: "2025-06-05"))
        #expect(current.newestAvailable == Fixtures.day("2025-06-05"))
        #expect(current.patchAgeDays == 0)
        #expect(current.bulletinsMissed == 0)
        // On 10 August (August's bulletin out on the 4th) a May device has missed June and August, not July.
        let august = PatchIntelligence(catalogue: Fixtures.catalogue, today: Fixtures.day("2025-08-10"))
        let behind = august.assess(Fixtures.android("Google", "Pixel 8", level: "2025-05-05"))
        #expect(behind.bulletinsMissed == 2)
        #expect(behind.patchAgeDays == 92)
        #expect(august.calendar.bulletins.first { $0.month == "2025-07" }?.hasFixes == false)
    }

    @Test func aPatchLevelLaterThanTodayIsAFindingNotAnAge() {
        let assessment = intelligence.assess(Fixtures.android("Google", "Pixel 8", level: "2026-10-05"))
        #expect(assessment.findings == [.patchLevelInFuture(Fixtures.day("2026-10-05"))])
        #expect(assessment.findings.allSatisfy { $0.isImplausibleClaim })
        #expect(assessment.patchAgeDays == nil)
        #expect(assessment.bulletinsMissed == nil)
    }

    @Test func malformedPatchLevelsAreClearFindingsAndTheRestIsStillJudged() {
        for level in ["2026-9-5", "September 2026", "2026-02-30", "20260905", "2026-09-05; DROP TABLE"] {
            let assessment = intelligence.assess(Fixtures.android("Google", "Pixel 8", level: level))
            guard case .malformedPatchLevel(let text, let reason)? = assessment.findings.first else {
                Issue.record("\(level): \(assessment.findings)")
                continue
            }
            #expect(text == level)
            #expect(reason.contains(level))
            #expect(assessment.currentPatch == nil && assessment.patchAgeDays == nil)
            // Support does not depend on the patch level.
            #expect(assessment.supportDaysLeft == 1477)
        }
    }

    @Test func aModelReportingALevelFromAfterItsSupportEndedIsAnImplausibleClaim() {
        // pixel.md: Pixel 3's support ended 2021-10-05; a 2026 level is one Google never shipped it.
        let assessment = intelligence.assess(Fixtures.android("Google", "Pixel 3", os: "12", level: "2026-08-05"))
        #expect(assessment.findings == [.patchLevelBeyondSupport(Fixtures.day("2026-08-05"), supportEnded: Fixtures.day("2021-10-05"))])
        #expect(assessment.lifecycle == .endOfLife)
        // The newest it could have: October 2021's bulletin (out Monday 4 October), 2021-10-05.
        #expect(assessment.newestAvailable == Fixtures.day("2021-10-05"))
        // min(model: 2021-10-05, Android 12: 2025-03-03) − 2026-09-15.
        #expect(assessment.supportDaysLeft == -1806)
    }

    @Test func endOfLifeWithoutADateIsEndedWithZeroDaysLeft() {
        // samsung-mobile.md: Galaxy A52 has `eol: true` and no date; Android 14 has no end published.
        let assessment = intelligence.assess(Fixtures.android("samsung", "Galaxy A52", os: "14", level: "2024-05-01"))
        #expect(assessment.modelSupport == .endedUndated)
        #expect(assessment.supportDaysLeft == 0)
        #expect(assessment.lifecycle == .endOfLife)
        #expect(assessment.findings.isEmpty)
    }

    @Test func anUnknownModelIsSaidSoAndAnOverrideMakesItKnown() throws {
        let tough = Fixtures.android("Bittium", "Tough Mobile 2C", os: "14", level: "2026-09-05")
        let unknown = intelligence.assess(tough)
        #expect(unknown.findings == [.unknownModel(maker: "Bittium", model: "Tough Mobile 2C")])
        #expect(unknown.modelSupport == nil)
        #expect(unknown.patchAgeDays == 0)

        let overrides = CatalogueOverrides(
            makers: [MakerCommitment(maker: "Bittium", platform: .android, securityYears: 5, source: "contract 2021-17")],
            models: [ModelOverride(maker: "Bittium", model: "Tough Mobile 2C", platform: .android, aliases: ["TM2C"], released: Fixtures.day("2021-03-01"))]
        )
        let catalogue = try PatchCatalogue(sources: BundledCatalogue.sources(), overrides: overrides)
        let known = PatchIntelligence(catalogue: catalogue, today: Fixtures.day("2026-09-15"))
        for model in ["Tough Mobile 2C", "TM2C", "tough-mobile-2c"] {
            let assessment = known.assess(Fixtures.android("Bittium", model, os: "14", level: "2026-09-05"))
            #expect(assessment.findings.isEmpty)
            // Released 2021-03-01 with five years promised: support ended 2026-03-01 by the promise; a later level
            // is plausible (a promise is a minimum), so it is no finding.
            #expect(assessment.modelSupport == .on(Fixtures.day("2026-03-01")))
            #expect(assessment.lifecycle == .endOfLife)
        }
    }

    @Test func anIPadOnlyBuildCountsForTheIPadsItWasMadeFor() {
        // 17.7.11 (2026-05-11) went to iPad7,1–7,6 only. An iPad (6th generation) on 17.7.10 (2025-08-20) is
        // 264 days behind it and missed one release.
        let iPad = intelligence.assess(Fixtures.apple("iPad7,5", version: "17.7.10"))
        #expect(iPad.currentPatch == Fixtures.day("2025-08-20"))
        #expect(iPad.newestAvailable == Fixtures.day("2026-05-11"))
        #expect(iPad.patchAgeDays == 264)
        #expect(iPad.bulletinsMissed == 1)
        // ipad.md: iPad (6th generation) eol 2026-05-11.
        #expect(iPad.lifecycle == .endOfLife)
        #expect(iPad.supportDaysLeft == -127)

        // An iPhone 14 Pro on 17.7.10 could not install 17.7.11; its newest is 26.6.1 (2026-08-17), 362 days on.
        let iPhone = intelligence.assess(Fixtures.apple("iPhone15,2", version: "17.7.10", build: "21H450"))
        #expect(iPhone.newestAvailable == Fixtures.day("2026-08-17"))
        #expect(iPhone.patchAgeDays == 362)
        #expect(iPhone.bulletinsMissed == 12)
        // Exploited CVEs fixed in 26.x and 18.7.x after 2025-08-20, none of them fixed in 17.x up to 17.7.10.
        #expect(iPhone.exploitedCVEs == ["CVE-2025-14174", "CVE-2025-43510", "CVE-2025-43520", "CVE-2025-43529", "CVE-2026-20700"])
        // ios.md: iOS 17's support ended 2025-05-13, though the model (14 Pro, eol false) is supported.
        #expect(iPhone.modelSupport == .openEnded)
        #expect(iPhone.lifecycle == .endOfLife)
        #expect(iPhone.model == "iPhone 14 Pro")
    }

    @Test func anIPhoneReportingAnIPadOnlyBuildIsAnImplausibleClaim() {
        let assessment = intelligence.assess(Fixtures.apple("iPhone15,2", version: "17.7.11", build: "21H6461"))
        #expect(assessment.findings == [.buildNotForModel(build: "21H6461", model: "iPhone15,2")])
    }

    @Test func aCurrentIPhoneHasNothingOpen() {
        let assessment = intelligence.assess(Fixtures.apple("iPhone15,2", version: "26.6.1", build: "23G83"))
        #expect(assessment.patchAgeDays == 0)
        #expect(assessment.bulletinsMissed == 0)
        #expect(assessment.exploitedCVEs.isEmpty)
        #expect(assessment.lifecycle == .supported)
        #expect(assessment.supportDaysLeft == nil)
    }

    @Test func anUnknownAppleBuildIsSaidSo() {
        let assessment = intelligence.assess(Fixtures.apple("iPhone15,2", version: "99.1", build: "99Z999"))
        #expect(assessment.findings == [.unknownAppleBuild(version: "99.1", build: "99Z999")])
        #expect(assessment.patchAgeDays == nil)
    }

    @Test func aPlusModelIsAnotherPhoneThanTheOneWithoutThePlus() {
        // samsung-mobile.md lists Galaxy S24+ before Galaxy S24; matching once dropped the `+` and judged an S24 as an S24+.
        #expect(intelligence.assess(Fixtures.android("samsung", "Galaxy S24", level: "2026-09-05")).model == "Galaxy S24")
        #expect(intelligence.assess(Fixtures.android("samsung", "galaxy-s24+", level: "2026-09-05")).model == "Galaxy S24+")
        #expect(Fixtures.catalogue.model(platform: .android, maker: "Motorola", model: "motorola razr 2024")?.model == "Motorola Razr 2024")
    }

    @Test func anAppleReleaseAfterThePublishedEndOutweighsIt() {
        // iphone.md ends the XR on 2026-04-22, but SOFA lists iPhone11,8 for 18.7.9 (2026-05-11) and 18.7.10
        // (2026-08-17): Apple still ships to it.
        let xr = intelligence.assess(Fixtures.apple("iPhone11,8", version: "18.7.10", build: "22H6374"))
        #expect(xr.modelSupport == .openEnded)
        #expect(xr.lifecycle == .supported)
        #expect(xr.patchAgeDays == 0)
    }
}
