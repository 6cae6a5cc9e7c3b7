import Foundation
@testable import Simulator
import Testing

/// The stand-in's request checks, driven directly: requests a well-behaved sender never makes.
@Suite("APNs stand-in rules")
struct APNsStandInRulesTests {
    let topic = "com.apple.mgmt.External.00000000-0000-0000-0000-000000000001"

    func check(
        method: String = "POST",
        path: String = "/3/device/0a0b0c",
        headers: [String: String]? = nil,
        body: String = #"{"mdm":"magic"}"#,
        overHTTP2: Bool = true,
        clientTopic: String? = nil,
        bodyTooLarge: Bool = false
    ) -> (Int, String?) {
        let sent = headers ?? ["apns-topic": topic, "apns-push-type": "mdm", "apns-priority": "10", "apns-expiration": "0"]
        return APNsStandInResponder.check(
            method: method, path: path, token: APNsStandInResponder.token(inPath: path), headers: sent,
            body: Array(body.utf8), bodyTooLarge: bodyTooLarge,
            pushMagic: APNsStandInResponder.pushMagic(in: Array(body.utf8)),
            overHTTP2: overHTTP2, clientTopic: clientTopic ?? topic, checksTopic: true
        )
    }

    @Test func acceptsAWellFormedMDMPush() {
        #expect(check() == (200, nil))
    }

    @Test func refusesAMissingTopic() {
        #expect(check(headers: ["apns-push-type": "mdm"]) == (400, "MissingTopic"))
    }

    @Test func refusesATopicOtherThanTheClientCertificates() {
        #expect(check(clientTopic: "com.apple.mgmt.External.someone-else") == (400, "TopicDisallowed"))
    }

    @Test func refusesAPushTypeOtherThanMDM() {
        #expect(check(headers: ["apns-topic": topic, "apns-push-type": "alert"]) == (400, "InvalidPushType"))
        #expect(check(headers: ["apns-topic": topic]) == (400, "InvalidPushType"))
    }

    @Test func refusesMalformedTokensPathsAndMethods() {
        #expect(check(path: "/3/device/xyz1") == (400, "BadDeviceToken"))
        #expect(check(path: "/3/device/") == (400, "BadDeviceToken"))
        #expect(check(path: "/2/device/0a") == (404, "BadPath"))
        #expect(check(method: "GET") == (405, "MethodNotAllowed"))
    }

    @Test func refusesBadHeaderValuesAndBodies() {
        var headers = ["apns-topic": topic, "apns-push-type": "mdm"]
        headers["apns-priority"] = "7"
        #expect(check(headers: headers) == (400, "BadPriority"))
        headers["apns-priority"] = "10"
        headers["apns-expiration"] = "soon"
        #expect(check(headers: headers) == (400, "BadExpirationDate"))
        headers["apns-expiration"] = "0"
        headers["apns-id"] = "not-a-uuid"
        #expect(check(headers: headers) == (400, "BadMessageId"))
        #expect(check(body: "") == (400, "PayloadEmpty"))
        #expect(check(body: #"{"aps":{}}"#) == (400, "BadMDMPayload"))
        #expect(check(bodyTooLarge: true) == (413, "PayloadTooLarge"))
    }

    @Test func refusesHTTP1() {
        #expect(check(overHTTP2: false) == (505, "HTTP2Required"))
    }

    @Test func answersErrorsWithApplesJSONBody() throws {
        let since = Date(timeIntervalSince1970: 1_700_000_000.5)
        let body = APNsStandInResponder.errorBody(reason: "Unregistered", since: since)
        let object = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        #expect(object["reason"] as? String == "Unregistered")
        #expect((object["timestamp"] as? NSNumber)?.int64Value == 1_700_000_000_500)
        #expect(String(decoding: APNsStandInResponder.errorBody(reason: "MissingTopic", since: nil), as: UTF8.self) == #"{"reason":"MissingTopic"}"#)
    }
}
