import Compliance
import Foundation
import PalisadeCore
import PatchIntel
import Testing

@Suite struct ComplianceEvaluatorTests {
    static let now = Fixtures.day("2026-09-15").date.addingTimeInterval(12 * 3600)
    let intelligence = PatchIntelligence(catalogue: Fixtures.catalogue, today: Fixtures.day("2026-09-15"))
    let protected = DeviceSecurityState(passcodePresent: true, encrypted: true, supervised: true, installedApps: ["com.example.vpn"])

    func evaluator(_ tier: RiskTier) -> ComplianceEvaluator {
        ComplianceEvaluator(policy: tier.defaultPolicy, intelligence: intelligence, now: Self.now)
    }

    func seen(_ device: Device, daysAgo: Double = 1) -> Device {
        var device = device
        device.lastSeenAt = Self.now.addingTimeInterval(-daysAgo * 86_400)
        return device
    }

    @Test func aPatchedProtectedDeviceIsCompliantInEveryTier() {
        let pixel = seen(Fixtures.android("Google", "Pixel 8", level: "2026-09-05"))
        for tier in RiskTier.allCases {
            let result = evaluator(tier).evaluate(pixel, state: protected)
            #expect(result.verdict == .compliant, "\(tier): \(result.reasons)")
            #expect(result.reasons.isEmpty && result.actionsDue.isEmpty && !result.accessBlocked)
        }
    }

    @Test func aMonthBehindFailsHighThreatWithGraceThenEscalates() {
        let pixel = seen(Fixtures.android("Google", "Pixel 8", level: "2026-08-05"))
        #expect(evaluator(.standard).evaluate(pixel, state: protected).verdict == .compliant)

        let first = evaluator(.highThreat).evaluate(pixel, state: protected)
        #expect(first.verdict == .inGrace)
        #expect(first.reasons == [ComplianceReason(rule: "patchAge", message: "patch is 31 days behind (limit 30), newest available 2026-09-05")])
        #expect(first.failingSince == Self.now)
        #expect(first.actionsDue == [.notify])
        #expect(!first.accessBlocked)

        // Three days on, still failing: past the two days' grace; restrict and block are due, lock (7 days) not yet.
        let later = ComplianceEvaluator(policy: RiskTier.highThreat.defaultPolicy, intelligence: intelligence, now: Self.now.addingTimeInterval(3 * 86_400))
        let second = later.evaluate(pixel, state: protected, failingSince: first.failingSince)
        #expect(second.verdict == .nonCompliant)
        #expect(second.actionsDue == [.notify, .restrict, .blockAccess])
        #expect(second.accessBlocked)
        #expect(second.failingSince == Self.now)
    }

    @Test func anUnreadablePatchLevelIsAReasonAndTheDeviceIsStillJudged() {
        let pixel = seen(Fixtures.android("Google", "Pixel 8", level: "2026-9-5"), daysAgo: 20)
        let result = evaluator(.standard).evaluate(pixel, state: protected)
        #expect(result.reasons.map(\.rule) == ["unreadablePatch", "checkIn"])
        #expect(result.reasons[0].message.contains("'2026-9-5' is not a date of the form YYYY-MM-DD"))
    }

    @Test func aClaimedFuturePatchIsNotTrusted() {
        let pixel = seen(Fixtures.android("Google", "Pixel 8", level: "2027-01-05"))
        let result = evaluator(.standard).evaluate(pixel, state: protected)
        #expect(result.reasons.map(\.rule) == ["implausiblePatch"])
        // Business continuity does not refuse claims it cannot check.
        #expect(evaluator(.businessContinuity).evaluate(pixel, state: protected).verdict == .compliant)
    }

    @Test func anEndOfLifeModelFailsSupportLeftAndAnUnknownOneFailsOnlyHighThreat() {
        let a52 = seen(Fixtures.android("samsung", "Galaxy A52", os: "14", level: "2026-09-05"))
        let result = evaluator(.standard).evaluate(a52, state: protected)
        #expect(result.reasons.map(\.rule) == ["supportLeft"])
        #expect(result.reasons[0].message.hasPrefix("security support has ended (model: ended (no date published)"))

        let tough = seen(Fixtures.android("Bittium", "Tough Mobile 2C", os: "14", level: "2026-09-05"))
        #expect(evaluator(.standard).evaluate(tough, state: protected).verdict == .compliant)
        let strict = evaluator(.highThreat).evaluate(tough, state: protected)
        #expect(strict.reasons.map(\.rule) == ["supportLeft"])
        #expect(strict.reasons[0].message.contains("add its commitment to the catalogue"))
    }

    @Test func anOldIPhoneFailsHighThreatForEveryReasonItHas() {
        let iPhone = seen(Fixtures.apple("iPhone15,2", version: "17.7.10", build: "21H450"), daysAgo: 5)
        let result = evaluator(.highThreat).evaluate(iPhone, state: DeviceSecurityState(passcodePresent: false, encrypted: true, supervised: nil))
        #expect(result.reasons.map(\.rule) == ["patchAge", "exploitedCVEs", "supportLeft", "osVersion", "passcode", "supervision", "checkIn"])
        #expect(result.reasons[1].message.hasPrefix("5 actively exploited vulnerabilities still open (CVE-2025-14174"))
        #expect(result.reasons[4].message == "no passcode set")
        #expect(result.reasons[5].message == "supervision not reported yet")
    }

    @Test func supervisionIsRequiredOfCorporateAppleDevicesOnly() {
        var personal = seen(Fixtures.apple("iPhone15,2", version: "26.6.1", build: "23G83"))
        personal.ownership = .personal
        let state = DeviceSecurityState(passcodePresent: true, encrypted: true, supervised: false)
        #expect(evaluator(.highThreat).evaluate(personal, state: state).verdict == .compliant)
        personal.ownership = .corporate
        #expect(evaluator(.highThreat).evaluate(personal, state: state).reasons.map(\.rule) == ["supervision"])
    }

    @Test func requiredAndForbiddenAppsAreChecked() {
        var policy = RiskTier.standard.defaultPolicy
        policy.rules.requiredApps = ["com.example.vpn", "com.example.mail"]
        policy.rules.forbiddenApps = ["com.example.torrent"]
        let evaluator = ComplianceEvaluator(policy: policy, intelligence: intelligence, now: Self.now)
        let pixel = seen(Fixtures.android("Google", "Pixel 8", level: "2026-09-05"))
        var state = protected
        state.installedApps = ["com.example.vpn", "com.example.torrent"]
        #expect(evaluator.evaluate(pixel, state: state).reasons == [
            ComplianceReason(rule: "requiredApp", message: "required app com.example.mail is not installed"),
            ComplianceReason(rule: "forbiddenApp", message: "forbidden app com.example.torrent is installed"),
        ])
        state.installedApps = nil
        #expect(evaluator.evaluate(pixel, state: state).reasons.map(\.message) == ["installed apps not reported yet"])
    }

    @Test func wipeIsOnlyEverDueNeverDoneAndComesLast() {
        let policy = CompliancePolicy(
            name: "strict", tier: .highThreat, rules: ComplianceRules(requirePasscode: true), graceDays: 0,
            actions: [.init(.wipe, afterDays: 30), .init(.lock, afterDays: 0)]
        )
        #expect(policy.actions.map(\.kind) == [.lock, .wipe])
        let later = ComplianceEvaluator(policy: policy, intelligence: intelligence, now: Self.now.addingTimeInterval(31 * 86_400))
        let result = later.evaluate(seen(Fixtures.android("Google", "Pixel 8", level: "2026-09-05")), state: DeviceSecurityState(passcodePresent: false), failingSince: Self.now)
        #expect(result.verdict == .nonCompliant)
        #expect(result.actionsDue == [.lock, .wipe])
    }
}
