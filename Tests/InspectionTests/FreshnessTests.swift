import Foundation
import Inspection
import PKI
import Testing

/// Replay protection rests on freshness: a signed message is served as often as it arrives while its CMS signing
/// time is fresh, and refused once it is not. Every time here is injected; nothing waits.
@Suite("Freshness of signed messages")
struct FreshnessTests {
    typealias F = InspectionFixtures
    let t0 = InspectionFixtures.now

    func idle(signedAt: Date?) throws -> (body: Data, signature: String) {
        let body = F.result(status: "Idle", commandUUID: nil)
        return (body, try SignedMessages.signature(for: body, signedAt: signedAt))
    }

    @Test("a burst of identical signed Idle messages within the window is served, every one")
    func identicalBurstServed() throws {
        let gate = InspectionGate()
        let (body, signature) = try idle(signedAt: t0)
        // What Go clients send: the same body and, within one second of signing time, the same signature.
        let verdicts = (0..<40).map { gate.inspect(F.connect(body, signature: signature, at: t0.addingTimeInterval(Double($0) * 0.005))) }
        #expect(verdicts.allSatisfy { $0.decision == .pass }, "\(verdicts.filter { $0.decision != .pass }.map(\.ruleIDs))")
        #expect(verdicts[0].subject.signingTime == t0)
        // And again later, still within maximum age plus skew (300 + 300 s).
        #expect(gate.inspect(F.connect(body, signature: signature, at: t0.addingTimeInterval(600))).decision == .pass)
    }

    @Test("the same message once older than maximum age plus skew is refused with 403, never 401")
    func staleRefused() throws {
        let gate = InspectionGate()
        let (body, signature) = try idle(signedAt: t0)
        let late = gate.inspect(F.connect(body, signature: signature, at: t0.addingTimeInterval(601)))
        #expect(late.decision == .refuse(status: 403))
        #expect(late.ruleIDs == ["signature.stale"])
        #expect(late.clientMessage == "signed 601 s before the edge's clock; at most 600 s is accepted")
        // The window is the policy's.
        let strict = InspectionGate(policy: InspectionPolicy(signatureMaximumAge: 30, signatureClockSkew: 5))
        #expect(strict.inspect(F.connect(body, signature: signature, at: t0.addingTimeInterval(35))).decision == .pass)
        #expect(strict.inspect(F.connect(body, signature: signature, at: t0.addingTimeInterval(36))).ruleIDs == ["signature.stale"])
    }

    @Test("a check-in signed further in the future than the allowed skew is refused; within it, served")
    func futureDated() throws {
        let gate = InspectionGate()
        let ahead = try SignedMessages.signature(for: F.authenticate, signedAt: t0.addingTimeInterval(301))
        let verdict = gate.inspect(F.checkin(F.authenticate, signature: ahead, at: t0))
        #expect(verdict.decision == .refuse(status: 403))
        #expect(verdict.ruleIDs == ["signature.future-dated"])
        let slightlyAhead = try SignedMessages.signature(for: F.authenticate, signedAt: t0.addingTimeInterval(299))
        #expect(gate.inspect(F.checkin(F.authenticate, signature: slightlyAhead, at: t0)).decision == .pass)
    }

    @Test("a signature without signing time (as macOS signs) is served by default and refused when the policy requires one")
    func noSigningTime() throws {
        let (body, signature) = try idle(signedAt: nil)
        let verdict = InspectionGate().inspect(F.connect(body, signature: signature, at: t0))
        #expect(verdict.decision == .pass)
        #expect(verdict.subject.signingTime == nil)
        let strict = InspectionGate(policy: InspectionPolicy(requireSigningTime: true))
        let refused = strict.inspect(F.connect(body, signature: signature, at: t0))
        #expect(refused.decision == .refuse(status: 403))
        #expect(refused.ruleIDs == ["signature.no-signing-time"])
        #expect(refused.clientMessage == "Mdm-Signature carries no signing time")
        // A SEQUENCE that is not a SignedData has no time to read either.
        #expect(strict.inspect(F.connect(body, at: t0)).ruleIDs == ["signature.no-signing-time"])
        #expect(InspectionGate().inspect(F.connect(body, at: t0)).decision == .pass)
    }

    @Test("the signing time is read as signed: UTCTime, GeneralizedTime after 2049, absent, or not a SignedData")
    func readingSigningTime() throws {
        let body: [UInt8] = Array("<plist/>".utf8)
        for date in [t0, Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 2_600_000_000), Date(timeIntervalSince1970: -631_152_000)] {
            let signed = try CMSSignedData.sign(body, signer: SignedMessages.signer, detached: true, signingTime: date)
            #expect(CMSSigningTime(berEncoded: signed) == .signed(date))
        }
        let unsigned = try CMSSignedData.sign(body, signer: SignedMessages.signer, detached: true, signingTime: nil)
        #expect(CMSSigningTime(berEncoded: unsigned) == .absent)
        #expect(CMSSigningTime(berEncoded: [0x30, 0x03, 0x02, 0x01, 0x01]) == .unreadable)
        #expect(CMSSigningTime(berEncoded: []) == .unreadable)
    }
}
