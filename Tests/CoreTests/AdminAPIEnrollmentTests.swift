import Core
import Foundation
import Hummingbird
import PalisadeCore
import Testing

/// Enrolment invitations, the push certificate, and the check of Apple command payloads, through the admin API.
@Suite struct AdminAPIEnrollmentTests {
    @Test func anInvitationsProfileIsServedUntilADeviceSpendsItsChallenge() async throws {
        try await AdminAPIHarness.run { h in
            let operatorToken = h.tokens[.operator]
            let created = try await h.call(.post, "/api/enrollment-invitations", json: "{}", token: operatorToken)
            #expect(created.status == .created)
            let invitation = try AdminAPIHarness.json(created)
            let id = try #require(invitation["id"]?.stringValue)
            #expect(invitation["platform"] == .string("ios"))
            #expect(invitation["ownership"] == .string("corporate"))
            #expect(invitation["url"] == .string("https://127.0.0.1:8443/enroll/\(id)"))
            let path = try #require(invitation["profileURL"]?.stringValue)

            let profile = try await h.call(.get, path + "?unsigned=1", token: operatorToken)
            #expect(profile.status == .ok)
            #expect(profile.headers[.contentType] == "application/x-apple-aspen-config")
            let signed = try await h.call(.get, path, token: operatorToken)
            #expect(signed.status == .ok)
            #expect(signed.body.readableBytesView.first == 0x30, "a DER SEQUENCE: the CMS SignedData")

            let spent = try await h.spendChallenge(ofProfile: Data(profile.body.readableBytesView))
            #expect(spent?.id == id)

            for uri in [path, path + "?unsigned=1"] {
                let gone = try await h.call(.get, uri, token: operatorToken)
                #expect(gone.status == .gone, "\(uri)")
                #expect(try AdminAPIHarness.json(gone)["error"] == .string("gone"))
            }
        }
    }

    @Test func operatorsCreateInvitationsAndViewersCannot() async throws {
        try await AdminAPIHarness.run { h in
            let personal = try await h.call(.post, "/api/enrollment-invitations", json: #"{"ownership":"personal"}"#, token: h.tokens[.operator])
            #expect(personal.status == .created)
            #expect(try AdminAPIHarness.json(personal)["ownership"] == .string("personal"))

            let refused = try await h.call(.post, "/api/enrollment-invitations", json: "{}", token: h.tokens[.viewer])
            #expect(refused.status == .forbidden)
            let id = try #require(try AdminAPIHarness.json(personal)["id"]?.stringValue)
            let read = try await h.call(.get, "/api/enrollment-invitations/\(id)/profile", token: h.tokens[.viewer])
            #expect(read.status == .forbidden, "a profile holds a live challenge; viewers do not get it")

            let audit = try AdminAPIHarness.json(try await h.call(.get, "/api/audit-events?action=enrollment.invite"))
            #expect(audit["items"]?.arrayValue?.count == 1, "only the operator's invitation was made")
        }
    }

    @Test func invitationsAreOnlyForIOSAndRefuseUnknownFields() async throws {
        try await AdminAPIHarness.run { h in
            let android = try await h.call(.post, "/api/enrollment-invitations", json: #"{"platform":"android"}"#)
            #expect(android.status == .badRequest)
            let unknownField = try await h.call(.post, "/api/enrollment-invitations", json: #"{"expires":"tomorrow"}"#)
            #expect(unknownField.status == .badRequest)
            let unknownInvitation = try await h.call(.get, "/api/enrollment-invitations/AAAAAAAAAAAAAAAAAAAAAAAA/profile")
            #expect(unknownInvitation.status == .notFound)
        }
    }

    @Test func importingACertificateWithAnotherTopicNeedsAllowTopicChange() async throws {
        try await AdminAPIHarness.run { h in
            let development = try AdminAPIHarness.json(try await h.call(.get, "/api/apns/certificate", token: h.tokens[.viewer]))
            #expect(development["development"] == .bool(true))

            let first = "com.apple.mgmt.External.\(UUID().uuidString.lowercased())"
            let imported = try await h.call(.put, "/api/apns/certificate", json: try AdminAPIHarness.pushCertificateImport(topic: first))
            #expect(imported.status == .ok)
            let view = try AdminAPIHarness.json(imported)
            #expect(view["topic"] == .string(first))
            #expect(view["development"] == .bool(false))
            #expect(view["previousTopic"] == .null, "the development certificate is not an imported one")

            let renewedSameTopic = try await h.call(.put, "/api/apns/certificate", json: try AdminAPIHarness.pushCertificateImport(topic: first))
            #expect(renewedSameTopic.status == .ok, "a renewal under the same Apple ID keeps the topic")

            let second = "com.apple.mgmt.External.\(UUID().uuidString.lowercased())"
            let refused = try await h.call(.put, "/api/apns/certificate", json: try AdminAPIHarness.pushCertificateImport(topic: second))
            #expect(refused.status == .conflict)
            #expect(try AdminAPIHarness.json(refused)["error"] == .string("topic_changed"))
            #expect(try AdminAPIHarness.json(try await h.call(.get, "/api/apns/certificate"))["topic"] == .string(first))

            let moved = try await h.call(.put, "/api/apns/certificate",
                                         json: try AdminAPIHarness.pushCertificateImport(topic: second, allowTopicChange: true))
            #expect(moved.status == .ok)
            #expect(try AdminAPIHarness.json(moved)["previousTopic"] == .string(first))
            #expect(try AdminAPIHarness.json(try await h.call(.get, "/api/apns/certificate"))["topic"] == .string(second))
            #expect(h.pushService.topic == second)
        }
    }

    @Test func anUnusablePushCertificateIsRefusedAndChangesNothing() async throws {
        try await AdminAPIHarness.run { h in
            let before = try AdminAPIHarness.json(try await h.call(.get, "/api/apns/certificate"))
            let malformed = try await h.call(.put, "/api/apns/certificate", json: """
                {"certificatePEM":"-----BEGIN CERTIFICATE-----\\nbm90IGEgY2VydGlmaWNhdGU=\\n-----END CERTIFICATE-----\\n","privateKeyPEM":"not a key"}
                """)
            #expect(malformed.status == .badRequest)
            #expect(try AdminAPIHarness.json(malformed)["error"] == .string("invalid_request"))

            let notMDM = try await h.call(.put, "/api/apns/certificate", json: try AdminAPIHarness.pushCertificateImport(topic: "com.example.app"))
            #expect(notMDM.status == .badRequest, "an app's push certificate is not an MDM one")

            let forbidden = try await h.call(.put, "/api/apns/certificate", json: try AdminAPIHarness.pushCertificateImport(
                topic: "com.apple.mgmt.External.\(UUID().uuidString.lowercased())"
            ), token: h.tokens[.operator])
            #expect(forbidden.status == .forbidden, "only an admin replaces the push certificate")

            #expect(try AdminAPIHarness.json(try await h.call(.get, "/api/apns/certificate")) == before)
        }
    }

    @Test func aCommandPayloadOutsideApplesSchemaIsRefusedAndWritesNothing() async throws {
        try await AdminAPIHarness.run { h in
            let iphone = try await h.addDevice(Device(platform: .ios, createdAt: Date()))
            let refused = try await h.call(.post, "/api/commands", json: """
                {"requestType":"RestartDevice","deviceId":"\(iphone.id)","payload":{"Pin":"123456"}}
                """)
            #expect(refused.status == .badRequest)
            let detail = try #require(try AdminAPIHarness.json(refused)["detail"]?.stringValue)
            #expect(detail.contains("Pin"), "the detail names the key: \(detail)")

            let queued = try AdminAPIHarness.json(try await h.call(.get, "/api/commands?device=\(iphone.id)"))
            #expect(queued["items"]?.arrayValue?.isEmpty == true)
            let audit = try AdminAPIHarness.json(try await h.call(.get, "/api/audit-events?action=command."))
            #expect(audit["items"]?.arrayValue?.isEmpty == true)

            let accepted = try await h.call(.post, "/api/commands", json: """
                {"requestType":"RestartDevice","deviceId":"\(iphone.id)","payload":{"NotifyUser":true},"push":false}
                """)
            #expect(accepted.status == .created, "the same command with Apple's keys is queued")
        }
    }
}
