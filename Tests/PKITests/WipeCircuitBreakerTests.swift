import Foundation
import PalisadeCore
import PKI
import Testing

/// The wipe breaker trips at the N+1st wipe in its window and opens again only for a valid signed release.
@Suite struct WipeCircuitBreakerTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    func approver(_ algorithm: AdministratorKey.Algorithm = .ed25519) throws -> (pem: String, key: ApprovalQuorum.TrustedKey) {
        let (privatePEM, publicPEM) = AdministratorSigningKey.generate(algorithm)
        return (privatePEM, ApprovalQuorum.TrustedKey(
            administrator: UUID(), role: .approver, algorithm: algorithm, spki: try AdministratorSigningKey.parsePublicKey(pem: publicPEM).spki
        ))
    }

    func sign(_ bytes: [UInt8], _ signer: (pem: String, key: ApprovalQuorum.TrustedKey)) throws -> ApprovalSignature {
        ApprovalSignature(keyFingerprint: signer.key.fingerprint, signature: try AdministratorSigningKey.sign(bytes, privateKeyPEM: signer.pem).signature)
    }

    @Test func itTripsAtTheEleventhWipeWithinTwentyMinutesAndHoldsEveryOneAfter() {
        var breaker = WipeCircuitBreaker()
        for minute in 0..<10 { #expect(breaker.admit(at: start.addingTimeInterval(Double(minute) * 60)) == .allow) }
        let tripTime = Int64(start.addingTimeInterval(600).timeIntervalSince1970)
        #expect(breaker.admit(at: start.addingTimeInterval(600)) == .hold(trippedAt: tripTime))
        // Still held long after the window would have cleared: only a release opens it.
        #expect(breaker.admit(at: start.addingTimeInterval(86_400)) == .hold(trippedAt: tripTime))
    }

    @Test func wipesSpreadBeyondTheWindowDoNotTripIt() {
        var breaker = WipeCircuitBreaker(limit: 10, window: 1200)
        for index in 0..<30 { #expect(breaker.admit(at: start.addingTimeInterval(Double(index) * 121)) == .allow) }
    }

    @Test func onlyAnUnexpiredReleaseForThisTripSignedByEnoughApproversOpensIt() throws {
        let (alice, bob, stranger) = (try approver(.p256), try approver(), try approver())
        let quorum = ApprovalQuorum(keys: [alice.key, bob.key])
        var breaker = WipeCircuitBreaker(limit: 1, window: 60)
        #expect(breaker.admit(at: start) == .allow)
        guard case .hold(let trippedAt) = breaker.admit(at: start.addingTimeInterval(1)) else { Issue.record("did not trip"); return }
        let now = start.addingTimeInterval(10)
        let expires = now.addingTimeInterval(600)
        let statement = WipeCircuitBreaker.releaseStatement(trippedAt: trippedAt, expiresAt: expires)

        #expect(breaker.release(expiresAt: expires, signatures: [try sign(statement, alice)], quorum: quorum, required: 2, now: now)
            .refusal == .underQuorum(have: 1, need: 2))
        #expect(breaker.release(expiresAt: expires, signatures: [try sign(statement, alice), try sign(statement, stranger)], quorum: quorum, required: 2, now: now)
            .refusal == .forged("an approver's (\(stranger.key.fingerprint))"))
        let stale = WipeCircuitBreaker.releaseStatement(trippedAt: trippedAt - 3600, expiresAt: expires)
        #expect(breaker.release(expiresAt: expires, signatures: [try sign(stale, alice), try sign(stale, bob)], quorum: quorum, required: 2, now: now)
            .isFailure, "a release for an earlier trip")
        #expect(breaker.release(expiresAt: now, signatures: [try sign(statement, alice), try sign(statement, bob)], quorum: quorum, required: 2, now: now)
            .refusal == .expired)
        #expect(breaker.admit(at: now) == .hold(trippedAt: trippedAt))

        #expect(breaker.release(expiresAt: expires, signatures: [try sign(statement, alice), try sign(statement, bob)], quorum: quorum, required: 2, now: now)
            .isSuccess)
        #expect(breaker.trippedAt == nil)
        #expect(breaker.admit(at: now) == .allow)
    }
}

extension Result {
    var isSuccess: Bool { if case .success = self { true } else { false } }
    var isFailure: Bool { !isSuccess }
    var refusal: Failure? { if case .failure(let failure) = self { failure } else { nil } }
}
