import Foundation
import Inspection
import Testing

@Suite("Rate limits")
struct StatefulRuleTests {
    typealias F = InspectionFixtures
    let t0 = InspectionFixtures.now

    @Test("a token bucket allows its burst, refuses the next, and refills with time")
    func tokenBucket() {
        var limiter = RateLimiter(limit: RateLimit(burst: 3, perSecond: 1))
        var outcomes: [Bool] = []
        for _ in 0..<4 { outcomes.append(limiter.allow("a", now: t0)) }
        #expect(outcomes == [true, true, true, false])
        let other = limiter.allow("b", now: t0)
        #expect(other, "keys have their own buckets")
        outcomes = [0.5, 1.6, 1.6, -100].map { limiter.allow("a", now: t0.addingTimeInterval($0)) }
        #expect(outcomes == [false, true, false, false], "refills at 1/s; a clock stepping back refills nothing")
        outcomes = (0..<4).map { _ in limiter.allow("a", now: t0.addingTimeInterval(1000)) }
        #expect(outcomes == [true, true, true, false], "refill is capped at the burst")
    }

    @Test("a rate limiter's memory is bounded")
    func rateLimiterBounded() {
        var limiter = RateLimiter(limit: RateLimit(burst: 2, perSecond: 0.001), maximumKeys: 100)
        for index in 0..<1000 { _ = limiter.allow("k\(index)", now: t0.addingTimeInterval(Double(index))) }
        #expect(limiter.trackedKeys <= 100)
        _ = limiter.allow("k999", now: t0.addingTimeInterval(999))
        let third = limiter.allow("k999", now: t0.addingTimeInterval(999))
        #expect(!third, "the most recent key is still tracked, its burst spent")
    }

    @Test("the gate limits each device and each source address with 429")
    func gateRateLimits() {
        let policy = InspectionPolicy(deviceRate: RateLimit(burst: 2, perSecond: 0.1), sourceRate: RateLimit(burst: 5, perSecond: 0.1))
        let gate = InspectionGate(policy: policy)
        let body = F.result(status: "Idle", commandUUID: nil)
        let sent = (0..<3).map { gate.inspect(F.connect(body, signature: F.signature(seed: UInt8($0)), at: t0, from: "10.0.0.\($0)")) }
        #expect(sent.map(\.decision) == [.pass, .pass, .refuse(status: 429)])
        #expect(sent[2].ruleIDs == ["rate.device"])

        let flood = (0..<6).map { _ in gate.inspect(F.get("/health")) }
        #expect(flood.prefix(5).allSatisfy { $0.decision == .pass })
        #expect(flood[5].decision == .refuse(status: 429))
        #expect(flood[5].ruleIDs == ["rate.source"])
        #expect(gate.inspect(F.connect(body, signature: F.signature(seed: 40), at: t0.addingTimeInterval(30), from: "10.0.0.9")).decision == .pass)
    }
}

extension StatefulRuleTests {
    @Test("the source's limit can be charged alone before the body is read, and inspect then does not charge it again")
    func sourceAdmittedBeforeTheBody() {
        let gate = InspectionGate(policy: InspectionPolicy(sourceRate: RateLimit(burst: 2, perSecond: 0)))
        #expect(gate.admitSource(F.source, path: "/mdm/connect", at: t0) == nil)
        // Inspected as already admitted: the bucket keeps its second token.
        #expect(gate.inspect(F.get("/health"), sourceAdmitted: true).ruleIDs.contains("rate.source") == false)
        #expect(gate.admitSource(F.source, path: "/mdm/connect", at: t0) == nil)
        let refused = gate.admitSource(F.source, path: "/mdm/connect", at: t0)
        #expect(refused?.decision == .refuse(status: 429))
        #expect(refused?.ruleIDs == ["rate.source"])
        #expect(refused?.subject.endpoint == .connect)
        // Another source has its own bucket.
        #expect(gate.admitSource("10.0.0.2", path: "/mdm/connect", at: t0) == nil)
    }
}
