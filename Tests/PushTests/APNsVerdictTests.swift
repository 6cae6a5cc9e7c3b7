import Foundation
@testable import Push
import Testing

/// How APNs answers are sorted, without a network.
@Suite("APNs answers and backoff")
struct APNsVerdictTests {
    func classify(_ status: Int, _ body: String = "", retryAfter: String? = nil) -> APNsVerdict {
        APNsVerdict.classify(status: status, apnsID: "abc", retryAfter: retryAfter, body: Array(body.utf8), sentID: nil)
    }

    @Test func sortsAnswersByWhatTheCallerMustDo() {
        #expect(classify(200) == .accepted(apnsID: "abc"))
        #expect(classify(410, #"{"reason":"Unregistered","timestamp":1700000000000}"#)
            == .tokenInvalid(reason: .unregistered, since: Date(timeIntervalSince1970: 1_700_000_000)))
        #expect(classify(410, #"{"reason":"ExpiredToken"}"#) == .tokenInvalid(reason: .expiredToken, since: nil))
        #expect(classify(400, #"{"reason":"BadDeviceToken"}"#) == .tokenInvalid(reason: .badDeviceToken, since: nil))
        #expect(classify(400, #"{"reason":"DeviceTokenNotForTopic"}"#) == .permanent(status: 400, reason: .deviceTokenNotForTopic))
        #expect(classify(403, #"{"reason":"BadCertificate"}"#) == .permanent(status: 403, reason: .badCertificate))
        #expect(classify(405) == .permanent(status: 405, reason: nil))
        #expect(classify(413, #"{"reason":"PayloadTooLarge"}"#) == .permanent(status: 413, reason: .payloadTooLarge))
        #expect(classify(429, #"{"reason":"TooManyRequests"}"#) == .retryable(problem: "429 TooManyRequests", retryAfterSeconds: nil))
        #expect(classify(503, "not json", retryAfter: "3") == .retryable(problem: "503", retryAfterSeconds: 3))
        #expect(classify(500, #"{"reason":"InternalServerError"}"#) == .retryable(problem: "500 InternalServerError", retryAfterSeconds: nil))
    }

    @Test func backoffGrowsIsJitteredAndIsCapped() {
        let policy = APNsRetryPolicy(maxAttempts: 10, initialDelay: .milliseconds(100), maxDelay: .seconds(1))
        for _ in 0..<50 {
            let first = policy.delay(afterAttempt: 1)
            #expect(first >= .milliseconds(50) && first <= .milliseconds(100))
            let third = policy.delay(afterAttempt: 3)
            #expect(third >= .milliseconds(200) && third <= .milliseconds(400))
            #expect(policy.delay(afterAttempt: 40) <= .seconds(1))
        }
        #expect(policy.delay(afterAttempt: 1, retryAfterSeconds: 30) == .seconds(1))
    }

    @Test func bodyIsExactlyTheMDMObject() {
        #expect(APNsTransport.body(pushMagic: "a/b\"c") == Array(#"{"mdm":"a/b\"c"}"#.utf8))
    }

    @Test func tokenHexRoundTripsAndHidesMostOfTheToken() {
        let token = PushToken(hex: "00FFab10")
        #expect(token?.bytes == [0x00, 0xFF, 0xAB, 0x10])
        #expect(token?.hex == "00ffab10")
        #expect(PushToken(hex: "abc") == nil)
        #expect(PushToken(hex: "zz") == nil)
        #expect(!LoopbackAPNs.token(1).description.contains(LoopbackAPNs.token(1).hex))
        #expect(!PushTarget(token: LoopbackAPNs.token(1), pushMagic: "secret-magic").description.contains("secret-magic"))
    }
}
