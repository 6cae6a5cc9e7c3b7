import Core
import Foundation
import Hummingbird
import HummingbirdTesting
import PalisadeCore
import PKI
import PatchIntel
import Testing

/// Keeps `Resources/openapi.json` true: every route is documented with its role, and what the server answers,
/// success or refusal, has a documented status and matches the documented schema.
@Suite struct OpenAPIDocumentTests {
    @Test func everyRouteIsDocumentedAndEveryDocumentedOperationIsARoute() async throws {
        try await AdminAPIHarness.run { h in
            let document = try await Self.document(h)
            #expect(document["openapi"]?.stringValue?.hasPrefix("3.1") == true)
            let documented = Set(Self.operations(in: document).keys)
            let routed = Set(h.api.routes.map(Operation.init))
            #expect(routed.subtracting(documented).isEmpty, "routes missing from the document: \(routed.subtracting(documented).sorted())")
            #expect(documented.subtracting(routed).isEmpty, "documented operations with no route: \(documented.subtracting(routed).sorted())")
        }
    }

    @Test func documentedRolesMatchTheRoutes() async throws {
        try await AdminAPIHarness.run { h in
            let document = try await Self.document(h)
            let operations = Self.operations(in: document)
            for route in h.api.routes {
                let key = Operation(route)
                let operation = try #require(operations[key], "\(key) is not documented")
                #expect(operation["x-palisade-role"]?.stringValue == route.minimumRole?.rawValue, "x-palisade-role of \(key)")
                let security = operation["security"] ?? document["security"]
                let needsNoToken = security?.arrayValue?.isEmpty ?? true
                #expect(needsNoToken == (route.minimumRole == nil), "security of \(key)")
                #expect(operation["operationId"]?.stringValue?.isEmpty == false, "operationId of \(key)")
                #expect(operation["summary"]?.stringValue?.isEmpty == false, "summary of \(key)")
            }
        }
    }

    @Test func responsesMatchTheirDocumentedSchemas() async throws {
        try await AdminAPIHarness.run { h in
            var api = DocumentedExchange(harness: h, document: try await Self.document(h))
            let viewerToken = h.tokens[.viewer]
            let operatorToken = h.tokens[.operator]
            let unknown = UUID().uuidString.lowercased()

            // Service routes.
            try await api.call(.get, "/health", token: .some(nil), expect: .ok)
            try await api.call(.get, "/health", "/health?verbose=1", token: .some(nil), expect: .badRequest)
            try await api.call(.get, "/metrics", token: viewerToken, expect: .ok)
            try await api.call(.get, "/metrics", token: .some(nil), expect: .unauthorized)
            try await api.call(.get, "/api/openapi.json", token: viewerToken, expect: .ok)

            // Devices: two registered through the API, one enrolled and one unenrolled as the protocols will leave them.
            let ipad = try await api.call(.post, "/api/devices", json: """
                {"platform": "ios", "ownership": "corporate", "name": "Finance iPad 12", "serialNumber": "DMPXK0Q1Q1GC",
                 "imei": "356938035643809", "maker": "Apple", "model": "iPad13,1", "tags": ["tablet", "finance"]}
                """, token: operatorToken, expect: .created)
            let ipadID = try #require(ipad["id"]?.stringValue)
            let pixel = try await api.call(.post, "/api/devices", json: #"{"platform": "android"}"#, expect: .created)
            let pixelID = try #require(pixel["id"]?.stringValue)
            let iphone = try await h.addDevice(Device(
                platform: .ios, name: "Reception iPhone", maker: "Apple", model: "iPhone15,2", osVersion: "17.4", osBuild: "21E219",
                serialNumber: "F2LXK1ABCD", hardwareID: "00008110-000A1C2E3F4A401E", tags: ["front-desk"], createdAt: Date()
            ))
            try await h.storage.recordEnrollment(Enrollment(
                deviceID: iphone.id, kind: .appleDevice, externalID: "00008110-000A1C2E3F4A401E", enrolledAt: Date()
            ))
            try await h.storage.markSeen(iphone.id, at: Date())
            // Its identity, as SCEP and Authenticate leave it, so that it can be revoked.
            try await h.storage.recordIssuedCertificate(IssuedCertificate(
                serial: "5a17", fingerprint: String(repeating: "ab", count: 32), subject: "CN=Reception iPhone",
                notValidBefore: Date(), notValidAfter: Date().addingTimeInterval(86_400), der: Data([0x30, 0x00])
            ))
            try await h.storage.saveAppleEnrollment(AppleEnrollment(
                enrollmentID: "00008110-000A1C2E3F4A401E", deviceID: iphone.id, kind: .appleDevice,
                identityFingerprint: String(repeating: "ab", count: 32), authenticatedAt: Date()
            ))
            try await api.call(.post, "/api/devices/{id}/identity/revoke", "/api/devices/\(iphone.id)/identity/revoke",
                               json: #"{"reason": "bogus"}"#, expect: .badRequest)
            try await api.call(.post, "/api/devices/{id}/identity/revoke", "/api/devices/\(iphone.id)/identity/revoke",
                               json: #"{"reason": "keyCompromise"}"#, token: operatorToken, expect: .forbidden)
            try await api.call(.post, "/api/devices/{id}/identity/revoke", "/api/devices/\(iphone.id)/identity/revoke",
                               json: #"{"reason": "keyCompromise"}"#, expect: .ok)
            try await api.call(.post, "/api/devices/{id}/identity/revoke", "/api/devices/\(iphone.id)/identity/revoke",
                               json: #"{}"#, expect: .conflict)
            try await api.call(.post, "/api/devices/{id}/identity/revoke", "/api/devices/\(unknown)/identity/revoke",
                               json: #"{}"#, expect: .notFound)
            let retired = try await h.addDevice(Device(platform: .android, ownership: .personal, createdAt: Date()))
            try await h.storage.recordEnrollment(Enrollment(
                deviceID: retired.id, kind: .androidWorkProfile, externalID: "enterprises/LC00/devices/3a1b", enrolledAt: Date()
            ))
            try await h.storage.endEnrollment(of: retired.id, at: Date())

            try await api.call(.post, "/api/devices", json: #"{"platform": "ios", "colour": "red"}"#, expect: .badRequest)
            try await api.call(.post, "/api/devices", json: #"{"platform": "ios", "serialNumber": "DMPXK0Q1Q1GC"}"#, expect: .conflict)
            try await api.call(.post, "/api/devices", json: #"{"platform": "ios"}"#, token: .some(nil), expect: .unauthorized)
            try await api.call(.post, "/api/devices", json: #"{"platform": "ios"}"#, token: viewerToken, expect: .forbidden)
            try await api.call(.post, "/api/devices", json: #"{"platform": "ios"}"#, contentType: "text/plain", expect: .unsupportedMediaType)
            let huge = String(repeating: "a", count: 70_000)
            try await api.call(.post, "/api/devices", json: #"{"platform": "ios", "name": "\#(huge)"}"#, expect: .contentTooLarge)

            // Groups and membership.
            let finance = try await api.call(.post, "/api/groups", json: #"{"name": "Finance", "description": "Finance team devices"}"#,
                                             token: operatorToken, expect: .created)
            let financeID = try #require(finance["id"]?.stringValue)
            let empty = try await api.call(.post, "/api/groups", json: #"{"name": "Empty"}"#, expect: .created)
            let emptyID = try #require(empty["id"]?.stringValue)
            try await api.call(.post, "/api/groups", json: #"{"name": "Finance"}"#, expect: .conflict)
            try await api.call(.get, "/api/groups", token: viewerToken, expect: .ok)
            try await api.call(.get, "/api/groups", "/api/groups?limit=1", expect: .ok)
            try await api.call(.get, "/api/groups", "/api/groups?colour=red", expect: .badRequest)
            try await api.call(.get, "/api/groups/{id}", "/api/groups/\(financeID)", token: viewerToken, expect: .ok)
            try await api.call(.get, "/api/groups/{id}", "/api/groups/\(unknown)", expect: .notFound)
            try await api.call(.patch, "/api/groups/{id}", "/api/groups/\(financeID)", json: #"{"description": "Finance team"}"#,
                               token: operatorToken, expect: .ok)
            try await api.call(.patch, "/api/groups/{id}", "/api/groups/\(emptyID)", json: #"{"name": "Finance"}"#, expect: .conflict)
            try await api.call(.patch, "/api/groups/{id}", "/api/groups/\(unknown)", json: #"{"name": "Nobody"}"#, expect: .notFound)
            try await api.call(.post, "/api/groups/{id}/members", "/api/groups/\(financeID)/members",
                               json: #"{"deviceIds": ["\#(ipadID)", "\#(iphone.id)", "\#(retired.id)"]}"#, token: operatorToken, expect: .noContent)
            try await api.call(.post, "/api/groups/{id}/members", "/api/groups/\(emptyID)/members",
                               json: #"{"deviceIds": ["\#(unknown)"]}"#, expect: .notFound)
            try await api.call(.post, "/api/groups/{id}/members", "/api/groups/\(emptyID)/members",
                               json: #"{"deviceIds": []}"#, expect: .badRequest)
            try await api.call(.get, "/api/groups/{id}/members", "/api/groups/\(financeID)/members", token: viewerToken, expect: .ok)
            try await api.call(.get, "/api/groups/{id}/members", "/api/groups/\(financeID)/members?limit=1", expect: .ok)
            try await api.call(.get, "/api/groups/{id}/members", "/api/groups/\(unknown)/members", expect: .notFound)

            // Reading and changing devices.
            let all = try await api.call(.get, "/api/devices", token: viewerToken, expect: .ok)
            #expect(all["total"]?.numberValue == 4)
            try await api.call(.get, "/api/devices", "/api/devices?platform=ios&limit=1", expect: .ok)
            try await api.call(.get, "/api/devices", "/api/devices?group=\(financeID)&state=enrolled&q=reception", expect: .ok)
            try await api.call(.get, "/api/devices", "/api/devices?colour=red", expect: .badRequest)
            try await api.call(.get, "/api/devices/{id}", "/api/devices/\(iphone.id)", token: viewerToken, expect: .ok)
            try await api.call(.get, "/api/devices/{id}", "/api/devices/\(retired.id)", expect: .ok)
            try await api.call(.get, "/api/devices/{id}", "/api/devices/\(unknown)", expect: .notFound)
            try await api.call(.get, "/api/devices/{id}", "/api/devices/not-a-uuid", expect: .badRequest)
            // Posture: all null before any report, the facts after; 404 only for a device that does not exist.
            let unreported = try await api.call(.get, "/api/devices/{id}/posture", "/api/devices/\(retired.id)/posture", token: viewerToken, expect: .ok)
            #expect(unreported["updatedAt"] == .null && unreported["passcodePresent"] == .null && unreported["installedApps"] == .array([]))
            try await h.storage.recordSecurity(of: iphone.id, passcodePresent: true, passcodeCompliant: false, encrypted: true, at: Date())
            try await h.storage.recordInstalledApps(of: iphone.id, identifiers: ["com.apple.mobilesafari"], at: Date())
            let posture = try await api.call(.get, "/api/devices/{id}/posture", "/api/devices/\(iphone.id)/posture", expect: .ok)
            #expect(posture["passcodeCompliant"] == .bool(false) && posture["supervised"] == .null)
            #expect(posture["installedApps"] == .array([.string("com.apple.mobilesafari")]))
            try await api.call(.get, "/api/devices/{id}/posture", "/api/devices/\(unknown)/posture", expect: .notFound)
            try await api.call(.get, "/api/devices/{id}/posture", "/api/devices/not-a-uuid/posture", expect: .badRequest)
            try await api.call(.get, "/api/devices/{id}/posture", "/api/devices/\(iphone.id)/posture", token: .some(nil), expect: .unauthorized)
            let renamed = try await api.call(.patch, "/api/devices/{id}", "/api/devices/\(ipadID)",
                                             json: #"{"name": null, "ownership": "personal", "tags": ["finance"]}"#,
                                             token: operatorToken, expect: .ok)
            #expect((renamed["name"] ?? .null) == .null, "a null name clears it")
            try await api.call(.patch, "/api/devices/{id}", "/api/devices/\(ipadID)", json: #"{"nickname": "x"}"#, expect: .badRequest)
            try await api.call(.patch, "/api/devices/{id}", "/api/devices/\(unknown)", json: #"{"tags": []}"#, expect: .notFound)

            // Commands: one for a device, one for the group; the enrolled iPhone answers its command.
            let expiry = Date().addingTimeInterval(3600).ISO8601Format()
            let lock = try await api.call(.post, "/api/commands", json: """
                {"requestType": "RestartDevice", "deviceId": "\(ipadID)", "payload": {"NotifyUser": true}, "expiresAt": "\(expiry)"}
                """, token: operatorToken, expect: .created)
            let lockID = try #require(lock["commands"]?.arrayValue?.first?["id"]?.stringValue)
            let batch = try await api.call(.post, "/api/commands",
                                           json: #"{"requestType": "DeviceInformation", "groupId": "\#(financeID)", "push": false}"#, expect: .created)
            let batchID = try #require(batch["batchId"]?.stringValue)
            #expect(batch["count"]?.numberValue == 2)
            #expect(batch["skipped"]?.numberValue == 1)
            try await api.call(.post, "/api/commands", json: #"{"requestType": "DeviceLock", "deviceId": "\#(retired.id)"}"#, expect: .conflict)
            try await api.call(.post, "/api/commands", json: #"{"requestType": "DeviceLock", "groupId": "\#(emptyID)"}"#, expect: .conflict)
            try await api.call(.post, "/api/commands", json: #"{"requestType": "DeviceLock", "deviceId": "\#(unknown)"}"#, expect: .notFound)
            try await api.call(.post, "/api/commands", json: """
                {"requestType": "DeviceLock", "deviceId": "\(ipadID)", "groupId": "\(financeID)"}
                """, expect: .badRequest)
            try await api.call(.post, "/api/commands", json: """
                {"requestType": "DeviceLock", "deviceId": "\(ipadID)", "payload": {"Pin": "123456"}}
                """, expect: .badRequest)

            let session = try await h.storage.beginSession(for: iphone.id)
            let sent = try #require(try await h.storage.nextCommand(for: iphone.id, session: session, at: Date()))
            let reply = try PropertyListSerialization.data(
                fromPropertyList: ["QueryResponses": ["OSVersion": "17.4", "IsSupervised": true, "BatteryLevel": 0.82] as [String: Any]],
                format: .xml, options: 0
            )
            _ = try await h.storage.record(CommandReport(status: .acknowledged, result: reply), for: sent.id, from: iphone.id,
                                           session: session, at: Date())
            let sentID = sent.id.uuidString.lowercased()

            try await api.call(.get, "/api/commands", token: viewerToken, expect: .ok)
            try await api.call(.get, "/api/commands", "/api/commands?batch=\(batchID)&state=acknowledged", expect: .ok)
            try await api.call(.get, "/api/commands", "/api/commands?device=\(iphone.id)&requestType=DeviceInformation&limit=1", expect: .ok)
            try await api.call(.get, "/api/commands", "/api/commands?state=lost", expect: .badRequest)
            let answered = try await api.call(.get, "/api/commands/{id}", "/api/commands/\(sentID)", token: viewerToken, expect: .ok)
            #expect(answered["result"]?.objectValue != nil)
            try await api.call(.get, "/api/commands/{id}", "/api/commands/\(unknown)", expect: .notFound)
            try await api.call(.get, "/api/commands/{id}", "/api/commands/not-a-uuid", expect: .badRequest)
            try await api.call(.post, "/api/commands/{id}/cancel", "/api/commands/\(lockID)/cancel", token: operatorToken, expect: .ok)
            try await api.call(.post, "/api/commands/{id}/cancel", "/api/commands/\(lockID)/cancel", expect: .conflict)
            try await api.call(.post, "/api/commands/{id}/cancel", "/api/commands/\(sentID)/cancel", expect: .conflict)
            try await api.call(.post, "/api/commands/{id}/cancel", "/api/commands/\(unknown)/cancel", expect: .notFound)

            // Enrolment invitations and the profiles they serve.
            let invitation = try await api.call(.post, "/api/enrollment-invitations", json: #"{"ownership": "personal"}"#,
                                                token: operatorToken, expect: .created)
            let invitationID = try #require(invitation["id"]?.stringValue)
            try await api.call(.post, "/api/enrollment-invitations", json: "{}", expect: .created)
            try await api.call(.post, "/api/enrollment-invitations", json: #"{"platform": "android"}"#, expect: .badRequest)
            try await api.call(.post, "/api/enrollment-invitations", json: #"{"ownership": "corporate", "os": "ios"}"#, expect: .badRequest)
            try await api.call(.post, "/api/enrollment-invitations", json: "{}", token: viewerToken, expect: .forbidden)
            let profile = "/api/enrollment-invitations/{id}/profile"
            let signed = try await api.download(.get, profile, "/api/enrollment-invitations/\(invitationID)/profile",
                                                token: operatorToken, expect: .ok)
            let unsigned = try await api.download(.get, profile, "/api/enrollment-invitations/\(invitationID)/profile?unsigned=1", expect: .ok)
            let signature = try CMSSignedData(berEncoded: [UInt8](signed))
            #expect(try signature.verifyAllSigners().count == 1)
            #expect(signature.content == [UInt8](unsigned), "the signed profile wraps the unsigned one")
            let mdm = try #require(try AdminAPIHarness.profilePayload("com.apple.mdm", in: unsigned), "no MDM payload")
            #expect(mdm["ServerURL"] as? String == "https://127.0.0.1:8443/mdm/connect")
            try await api.call(.get, profile, "/api/enrollment-invitations/\(invitationID)/profile?unsigned=yes", expect: .badRequest)
            try await api.call(.get, profile, "/api/enrollment-invitations/\(invitationID)/profile", token: viewerToken, expect: .forbidden)
            try await api.call(.get, profile, "/api/enrollment-invitations/AAAAAAAAAAAAAAAAAAAAAAAA/profile", expect: .notFound)
            try await h.spendChallenge(ofProfile: unsigned)
            try await api.call(.get, profile, "/api/enrollment-invitations/\(invitationID)/profile", expect: .gone)

            // Multi-use enrolment links.
            let nextMonth = Date.ISO8601FormatStyle().format(Date().addingTimeInterval(30 * 86_400))
            let link = try await api.call(.post, "/api/enrollment-links", json: #"{"maximumUses": 3, "expiresAt": "\#(nextMonth)"}"#,
                                          token: operatorToken, expect: .created)
            let linkID = try #require(link["id"]?.stringValue)
            try await api.call(.post, "/api/enrollment-links", json: #"{"maximumUses": 0, "expiresAt": "\#(nextMonth)"}"#, expect: .badRequest)
            try await api.call(.get, "/api/enrollment-links", token: viewerToken, expect: .forbidden)
            try await api.call(.get, "/api/enrollment-links", token: operatorToken, expect: .ok)
            try await api.call(.get, "/api/enrollment-links/{id}", "/api/enrollment-links/\(linkID)", expect: .ok)
            try await api.call(.get, "/api/enrollment-links/{id}", "/api/enrollment-links/AAAAAAAAAAAAAAAAAAAAAAAA", expect: .notFound)
            let revokedLink = try await api.call(.post, "/api/enrollment-links/{id}/revoke", "/api/enrollment-links/\(linkID)/revoke", expect: .ok)
            #expect(revokedLink["state"] == .string("revoked"))
            try await api.call(.post, "/api/enrollment-links/{id}/revoke", "/api/enrollment-links/AAAAAAAAAAAAAAAAAAAAAAAA/revoke", expect: .notFound)

            // The push certificate: the core's development one, then imports.
            let development = try await api.call(.get, "/api/apns/certificate", token: viewerToken, expect: .ok)
            #expect(development["development"] == .bool(true))
            let topic = "com.apple.mgmt.External.\(UUID().uuidString.lowercased())"
            let imported = try await api.call(.put, "/api/apns/certificate", json: try AdminAPIHarness.pushCertificateImport(topic: topic),
                                              expect: .ok)
            #expect(imported["topic"] == .string(topic))
            #expect(imported["development"] == .bool(false))
            let renewed = "com.apple.mgmt.External.\(UUID().uuidString.lowercased())"
            try await api.call(.put, "/api/apns/certificate", json: try AdminAPIHarness.pushCertificateImport(topic: renewed), expect: .conflict)
            let moved = try await api.call(.put, "/api/apns/certificate",
                                           json: try AdminAPIHarness.pushCertificateImport(topic: renewed, allowTopicChange: true), expect: .ok)
            #expect(moved["previousTopic"] == .string(topic))
            try await api.call(.put, "/api/apns/certificate", json: #"{"certificatePEM": "garbage", "privateKeyPEM": "garbage"}"#,
                               expect: .badRequest)
            try await api.call(.put, "/api/apns/certificate", json: #"{"certificatePEM": "garbage"}"#, expect: .badRequest)
            try await api.call(.put, "/api/apns/certificate", json: try AdminAPIHarness.pushCertificateImport(topic: renewed),
                               token: operatorToken, expect: .forbidden)
            let current = try await api.call(.get, "/api/apns/certificate", expect: .ok)
            #expect(current["topic"] == .string(renewed))

            // The audit trail of all that.
            try await api.call(.get, "/api/audit-events", token: viewerToken, expect: .ok)
            try await api.call(.get, "/api/audit-events", "/api/audit-events?action=device.&limit=1", expect: .ok)
            try await api.call(.get, "/api/audit-events", "/api/audit-events?target=device:\(ipadID)&since=2020-01-01T00:00:00Z", expect: .ok)
            try await api.call(.get, "/api/audit-events", "/api/audit-events?actor=nobody", expect: .badRequest)
            try await api.call(.get, "/api/audit-events/verify", token: viewerToken, expect: .ok)
            try await api.call(.get, "/api/audit-events/verify", "/api/audit-events/verify?expect=1:\(String(repeating: "ab", count: 32))", expect: .ok)
            try await api.call(.get, "/api/audit-events/verify", "/api/audit-events/verify?expect=1:XYZ", expect: .badRequest)

            // Administrators and their signing keys.
            let created = try await api.call(.post, "/api/administrators", json: #"{"name": "alice.approver", "role": "approver"}"#, expect: .created)
            let aliceID = try #require(created["administrator"]?["id"]?.stringValue)
            try await api.call(.post, "/api/administrators", json: #"{"name": "alice.approver", "role": "viewer"}"#, expect: .conflict)
            try await api.call(.post, "/api/administrators", json: #"{"name": "x", "role": "emperor"}"#, expect: .badRequest)
            try await api.call(.post, "/api/administrators", json: #"{"name": "bob", "role": "viewer"}"#, token: operatorToken, expect: .forbidden)
            let publicKey = AdministratorSigningKey.generate(.ed25519).publicPEM
            let keyJSON = String(decoding: JSONValue.object(["publicKey": .string(publicKey)]).encoded(), as: UTF8.self)
            try await api.call(.post, "/api/administrators/{id}/keys", "/api/administrators/\(aliceID)/keys", json: keyJSON, expect: .created)
            try await api.call(.post, "/api/administrators/{id}/keys", "/api/administrators/\(aliceID)/keys", json: keyJSON, expect: .conflict)
            try await api.call(.post, "/api/administrators/{id}/keys", "/api/administrators/\(UUID())/keys",
                               json: String(decoding: JSONValue.object(["publicKey": .string(AdministratorSigningKey.generate(.p256).publicPEM)]).encoded(), as: UTF8.self),
                               expect: .notFound)
            try await api.call(.post, "/api/administrators/{id}/keys", "/api/administrators/\(aliceID)/keys", json: #"{"publicKey": "nope"}"#, expect: .badRequest)
            let administrators = try await api.call(.get, "/api/administrators", expect: .ok)

            // A sensitive command waits for signatures: the requester's own, then an approver's.
            let aliceKey = AdministratorSigningKey.generate(.ed25519)
            let aliceToken = try #require(created["token"]?.stringValue)
            let aliceFingerprint = try #require(try await api.call(
                .post, "/api/administrators/{id}/keys", "/api/administrators/\(aliceID)/keys",
                json: String(decoding: JSONValue.object(["publicKey": .string(aliceKey.publicPEM)]).encoded(), as: UTF8.self), expect: .created
            )["fingerprint"]?.stringValue)
            let adminID = try #require(administrators["items"]?.arrayValue?.first { $0["name"] == .string("test-admin") }?["id"]?.stringValue)
            let adminKey = AdministratorSigningKey.generate(.p256)
            let adminFingerprint = try #require(try await api.call(
                .post, "/api/administrators/{id}/keys", "/api/administrators/\(adminID)/keys",
                json: String(decoding: JSONValue.object(["publicKey": .string(adminKey.publicPEM)]).encoded(), as: UTF8.self), expect: .created
            )["fingerprint"]?.stringValue)
            let lockRequest = try await api.call(.post, "/api/commands", json: """
                {"requestType": "DeviceLock", "deviceId": "\(iphone.id)", "payload": {"Message": "Call IT"}}
                """, expect: .created)
            let heldID = try #require(lockRequest["commands"]?.arrayValue?.first?["id"]?.stringValue)
            #expect(lockRequest["commands"]?.arrayValue?.first?["state"] == .string("awaitingApproval"))
            try await api.call(.post, "/api/commands", json: #"{"requestType": "DeviceLock", "deviceId": "\#(ipadID)"}"#, expect: .conflict)
            let waiting = try await api.call(.get, "/api/approvals", token: viewerToken, expect: .ok)
            #expect(waiting["items"]?.arrayValue?.map { $0["commandId"] } == [.string(heldID)])
            try await api.call(.get, "/api/approvals", "/api/approvals?state=all&limit=1", expect: .ok)
            try await api.call(.get, "/api/approvals", "/api/approvals?state=maybe", expect: .badRequest)
            let held = try await api.call(.get, "/api/approvals/{id}", "/api/approvals/\(heldID)", expect: .ok)
            try await api.call(.get, "/api/approvals/{id}", "/api/approvals/\(unknown)", expect: .notFound)
            let statement = try JSONDecoder().decode(ApprovalStatement.self, from: try #require(held["statement"]).encoded())
            func signedJSON(_ pem: String, _ fingerprint: String) throws -> String {
                let signed = try ApprovalSignature.sign(statement, privateKeyPEM: pem, fingerprint: fingerprint)
                return String(decoding: JSONValue.object([
                    "keyFingerprint": .string(fingerprint), "signature": .string(Data(signed.signature).base64EncodedString()),
                ]).encoded(), as: UTF8.self)
            }
            try await api.call(.post, "/api/approvals/{id}/signatures", "/api/approvals/\(heldID)/signatures",
                               json: try signedJSON(aliceKey.privatePEM, aliceFingerprint), expect: .forbidden)
            try await api.call(.post, "/api/approvals/{id}/signatures", "/api/approvals/\(heldID)/signatures",
                               json: try signedJSON(adminKey.privatePEM, aliceFingerprint), token: aliceToken, expect: .badRequest)
            let byRequester = try await api.call(.post, "/api/approvals/{id}/signatures", "/api/approvals/\(heldID)/signatures",
                                                 json: try signedJSON(adminKey.privatePEM, adminFingerprint), expect: .ok)
            #expect(byRequester["requesterSigned"] == .bool(true) && byRequester["state"] == .string("awaitingApproval"))
            let approved = try await api.call(.post, "/api/approvals/{id}/signatures", "/api/approvals/\(heldID)/signatures",
                                              json: try signedJSON(aliceKey.privatePEM, aliceFingerprint), token: aliceToken, expect: .ok)
            #expect(approved["state"] == .string("queued") && approved["approvals"] == .number(1))
            try await api.call(.post, "/api/approvals/{id}/signatures", "/api/approvals/\(heldID)/signatures",
                               json: try signedJSON(aliceKey.privatePEM, aliceFingerprint), token: aliceToken, expect: .conflict)

            // A wipe circuit breaker trip an edge reported, and an approver's signature on its release.
            let trip = try await h.storage.recordWipeBreakerTrip(WipeBreakerTrip(
                edge: "sha256:edge", trippedAt: 1_800_000_000, reportedAt: Date(), releaseExpiresAt: Int64(Date().timeIntervalSince1970) + 3600
            ))
            let trips = try await api.call(.get, "/api/wipe-breaker/trips", token: viewerToken, expect: .ok)
            let tripID = try #require(trips["items"]?.arrayValue?.first?["id"]?.stringValue)
            let release = WipeBreakerRelease(trippedAt: trip.trippedAt, expiresAt: trip.releaseExpiresAt, signatures: [])
            let releaseSignature = try AdministratorSigningKey.sign(release.statement, privateKeyPEM: aliceKey.privatePEM).signature
            let releaseJSON = String(decoding: JSONValue.object([
                "keyFingerprint": .string(aliceFingerprint), "signature": .string(Data(releaseSignature).base64EncodedString()),
            ]).encoded(), as: UTF8.self)
            try await api.call(.post, "/api/wipe-breaker/trips/{tripId}/signatures", "/api/wipe-breaker/trips/\(tripID)/signatures",
                               json: releaseJSON, token: operatorToken, expect: .forbidden)
            try await api.call(.post, "/api/wipe-breaker/trips/{tripId}/signatures", "/api/wipe-breaker/trips/0.0/signatures",
                               json: releaseJSON, token: aliceToken, expect: .notFound)
            try await api.call(.post, "/api/wipe-breaker/trips/{tripId}/signatures", "/api/wipe-breaker/trips/\(tripID)/signatures",
                               json: releaseJSON, token: aliceToken, expect: .ok)
            let alice = administrators["items"]?.arrayValue?.first { $0["id"] == .string(aliceID) }
            #expect(alice?["role"] == .string("approver"))
            #expect(alice?["keys"]?.arrayValue?.first?["algorithm"] == .string("ed25519"))
            try await api.call(.get, "/api/administrators", token: viewerToken, expect: .forbidden)

            // Patch intelligence and compliance: the shipped catalogue, overrides, a (tiny) import, reports, verdicts.
            let catalog = try await api.call(.get, "/api/catalog", token: viewerToken, expect: .ok)
            #expect(catalog["source"]?.stringValue?.hasPrefix("shipped") == true)
            let overrides = #"{"makers":[{"maker":"Bittium","platform":"android","securityYears":5}],"models":[{"maker":"Bittium","model":"Tough Mobile 2C","platform":"android","released":"2021-03-01","aliases":["TM2C"]}],"androidMonthsWithoutFixes":["2025-10"]}"#
            try await api.call(.put, "/api/catalog/overrides", json: overrides, token: operatorToken, expect: .forbidden)
            let withOverrides = try await api.call(.put, "/api/catalog/overrides", json: overrides, expect: .ok)
            #expect(withOverrides["overrides"]?["makers"] == .number(1))
            try await api.call(.put, "/api/catalog/overrides", json: #"{"makers":[{"maker":"X","platform":"android","securityYears":0}]}"#, expect: .badRequest)
            try await api.call(.put, "/api/catalog/overrides", json: #"{"androidMonthsWithoutFixes":["2025-13"]}"#, expect: .badRequest)
            let stored = try await api.call(.get, "/api/catalog/overrides", token: viewerToken, expect: .ok)
            #expect(stored["models"]?.arrayValue?.first?["aliases"] == .array([.string("TM2C")]))
            var files: [String: JSONValue] = ["sofa/ios_data_feed.json": .string(#"{"OSVersions":[{"SecurityReleases":[{"ProductVersion":"26.0","ReleaseDate":"2025-09-15T00:00:00Z"}]}]}"#)]
            for product in CatalogueSources.requiredProducts {
                files["endoflife/products/\(product).md"] = .string("---\nreleases:\n  - releaseCycle: \"1\"\n    eol: false\n---\n")
            }
            let catalogImport = try await api.call(.put, "/api/catalog/sources", json: String(decoding: try JSONEncoder().encode(JSONValue.object(["files": .object(files)])), as: UTF8.self), expect: .ok)
            #expect(catalogImport["source"] == JSONValue.string("imported") && catalogImport["appleReleases"] == JSONValue.number(1))
            files["endoflife/products/pixel.md"] = nil
            try await api.call(.put, "/api/catalog/sources", json: String(decoding: try JSONEncoder().encode(JSONValue.object(["files": .object(files)])), as: UTF8.self), expect: .badRequest)
            try await api.call(.get, "/api/reports/patch", token: viewerToken, expect: .ok)
            try await api.call(.get, "/api/reports/patch", "/api/reports/patch?platform=android", expect: .ok)
            try await api.call(.get, "/api/reports/patch", "/api/reports/patch?platform=windows", expect: .badRequest)
            try await api.call(.get, "/api/reports/compliance", token: viewerToken, expect: .ok)
            try await api.call(.get, "/api/reports/compliance", "/api/reports/compliance?verdict=in-grace", expect: .ok)
            try await h.storage.recordPatchObservation(platform: .ios, maker: "Apple", model: "iPhone15,2", level: "23G83", deviceID: iphone.id, at: Date())
            let makers = try await api.call(.get, "/api/reports/makers", token: viewerToken, expect: .ok)
            // The tiny imported catalogue knows no iOS build 23G83: the report is measured from nothing and says so.
            #expect(makers["rejectedReports"] == .number(1) && makers["makers"]?.arrayValue != nil)
            let advice = try await api.call(.get, "/api/advice", "/api/advice?years=5&platform=android", token: viewerToken, expect: .ok)
            #expect(advice["years"] == .number(5))
            try await api.call(.get, "/api/advice", "/api/advice?years=0", expect: .badRequest)
            try await api.call(.get, "/api/advice", expect: .badRequest)
            let policies = try await api.call(.get, "/api/compliance/policies", token: viewerToken, expect: .ok)
            #expect(policies["defaultPolicy"] == .string("standard"))
            #expect(policies["policies"]?.arrayValue?.map { $0["name"] } == [.string("high-threat"), .string("standard"), .string("business-continuity")])
            #expect(policies["policies"]?.arrayValue?.first?["rules"]?["maxPatchAgeDays"] == .number(30))
            try await api.call(.post, "/api/compliance/evaluate", token: viewerToken, expect: .forbidden)
            let outcome = try await api.call(.post, "/api/compliance/evaluate", token: operatorToken, expect: .ok)
            #expect(outcome["devices"]?.numberValue ?? 0 >= 1)
            try await api.call(.get, "/api/compliance/devices/{id}", "/api/compliance/devices/\(iphone.id)", token: viewerToken, expect: .ok)
            try await api.call(.get, "/api/compliance/devices/{id}", "/api/compliance/devices/\(unknown)", expect: .notFound)

            // Taking it apart again.
            try await api.call(.delete, "/api/groups/{id}/members/{deviceId}", "/api/groups/\(financeID)/members/\(iphone.id)",
                               token: operatorToken, expect: .noContent)
            try await api.call(.delete, "/api/groups/{id}/members/{deviceId}", "/api/groups/\(financeID)/members/\(iphone.id)",
                               expect: .notFound)
            try await api.call(.delete, "/api/groups/{id}/members/{deviceId}", "/api/groups/\(financeID)/members/not-a-uuid",
                               expect: .badRequest)
            try await api.call(.delete, "/api/groups/{id}", "/api/groups/\(emptyID)", token: operatorToken, expect: .noContent)
            try await api.call(.delete, "/api/groups/{id}", "/api/groups/\(emptyID)", expect: .notFound)
            try await api.call(.delete, "/api/devices/{id}", "/api/devices/\(pixelID)", token: operatorToken, expect: .forbidden)
            try await api.call(.delete, "/api/devices/{id}", "/api/devices/\(pixelID)", expect: .noContent)
            try await api.call(.delete, "/api/devices/{id}", "/api/devices/\(pixelID)", expect: .notFound)

            let routes = Set(h.api.routes.map(Operation.init))
            #expect(routes.subtracting(api.succeeded).isEmpty, "routes never called successfully: \(routes.subtracting(api.succeeded).sorted())")
        }
    }

    // MARK: Reading the document

    /// One operation: an HTTP method in upper case and an OpenAPI path template.
    struct Operation: Hashable, Comparable, CustomStringConvertible {
        let method: String
        let path: String

        init(method: String, path: String) {
            self.method = method.uppercased()
            self.path = path
        }

        init(_ route: AdminRoute) { self.init(method: route.method.rawValue, path: route.path) }

        var description: String { "\(method) \(path)" }

        static func < (lhs: Operation, rhs: Operation) -> Bool { lhs.description < rhs.description }
    }

    static let httpMethods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    /// The document, fetched through the API as a client would.
    static func document(_ h: AdminAPIHarness) async throws -> JSONValue {
        let response = try await h.call(.get, "/api/openapi.json")
        try #require(response.status == .ok)
        return try AdminAPIHarness.json(response)
    }

    /// Every operation of `paths`, by method and path.
    static func operations(in document: JSONValue) -> [Operation: JSONValue] {
        var operations: [Operation: JSONValue] = [:]
        for (path, item) in document["paths"]?.objectValue ?? [:] {
            for (method, operation) in item.objectValue ?? [:] where httpMethods.contains(method) {
                operations[Operation(method: method, path: path)] = operation
            }
        }
        return operations
    }
}

/// Calls the API through the harness and checks each answer against the document: the status is one the
/// operation documents, the content type is the documented one, and a JSON body matches the documented schema.
private struct DocumentedExchange {
    let harness: AdminAPIHarness
    let document: JSONValue
    let validator: SchemaValidator
    let operations: [OpenAPIDocumentTests.Operation: JSONValue]
    /// Operations that answered with a 2xx status at least once.
    private(set) var succeeded: Set<OpenAPIDocumentTests.Operation> = []

    init(harness: AdminAPIHarness, document: JSONValue) {
        self.harness = harness
        self.document = document
        validator = SchemaValidator(document: document)
        operations = OpenAPIDocumentTests.operations(in: document)
    }

    /// Sends `method uri` (default: the template itself), expects `expected`, checks the answer against the
    /// documented operation `method template`, and returns the body as JSON (`.null` when there is none or it is
    /// not JSON).
    @discardableResult
    mutating func call(
        _ method: HTTPRequest.Method, _ template: String, _ uri: String? = nil, json body: String? = nil,
        token: String?? = .none, contentType: String = "application/json", expect expected: HTTPResponse.Status,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> JSONValue {
        try await exchange(method, template, uri, json: body, token: token, contentType: contentType, expect: expected,
                           sourceLocation: sourceLocation).json
    }

    /// As `call`, for a route that answers with something other than JSON: returns the body's bytes.
    @discardableResult
    mutating func download(
        _ method: HTTPRequest.Method, _ template: String, _ uri: String? = nil, token: String?? = .none,
        expect expected: HTTPResponse.Status, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Data {
        try await exchange(method, template, uri, json: nil, token: token, contentType: "application/json", expect: expected,
                           sourceLocation: sourceLocation).body
    }

    private mutating func exchange(
        _ method: HTTPRequest.Method, _ template: String, _ uri: String?, json body: String?,
        token: String??, contentType: String, expect expected: HTTPResponse.Status, sourceLocation: SourceLocation
    ) async throws -> (body: Data, json: JSONValue) {
        let key = OpenAPIDocumentTests.Operation(method: method.rawValue, path: template)
        let target = uri ?? template
        let response = try await harness.call(method, target, json: body, token: token, contentType: contentType)
        let bytes = Data(response.body.readableBytesView)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(response.status == expected, "\(method) \(target) answered \(response.status.code): \(text)", sourceLocation: sourceLocation)
        if (200..<300).contains(response.status.code) { succeeded.insert(key) }

        let operation = try #require(operations[key], "\(key) is not documented", sourceLocation: sourceLocation)
        let code = String(response.status.code)
        guard var documented = operation["responses"]?[code] else {
            Issue.record("\(key) does not document status \(code) (\(method) \(target): \(text))", sourceLocation: sourceLocation)
            return (bytes, .null)
        }
        if let reference = documented["$ref"]?.stringValue {
            documented = try #require(validator.resolve(reference), "\(key) \(code): unresolvable \(reference)", sourceLocation: sourceLocation)
        }

        let content = documented["content"]?.objectValue ?? [:]
        if response.status == .noContent {
            #expect(content.isEmpty, "\(key) documents a body for 204", sourceLocation: sourceLocation)
            #expect(response.body.readableBytes == 0, "\(key) 204 has a body: \(text)", sourceLocation: sourceLocation)
            return (bytes, .null)
        }
        let mediaType = response.headers[.contentType]?.split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        } ?? ""
        guard let media = content[mediaType] else {
            Issue.record("\(key) \(code) answered '\(mediaType)', documented: \(content.keys.sorted())", sourceLocation: sourceLocation)
            return (bytes, .null)
        }
        guard mediaType == "application/json" else {
            #expect(response.body.readableBytes > 0, "\(key) \(code) has an empty body", sourceLocation: sourceLocation)
            return (bytes, .null) // Prometheus text, a profile: nothing to validate against a JSON schema
        }
        let json = try AdminAPIHarness.json(response)
        let schema = try #require(media["schema"], "\(key) \(code) documents no schema", sourceLocation: sourceLocation)
        let violations = validator.violations(of: json, against: schema)
        #expect(violations.isEmpty, "\(key) \(code): \(violations)", sourceLocation: sourceLocation)
        return (bytes, json)
    }
}
