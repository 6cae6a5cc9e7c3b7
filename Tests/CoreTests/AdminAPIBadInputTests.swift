@testable import Core
import Foundation
import Hummingbird
import NIOCore
import PalisadeCore
import Testing

/// Bad input gets a 4xx with a JSON `{"error", "detail"}` body, never a 500, and never writes anything.
@Suite struct AdminAPIBadInputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let method: HTTPRequest.Method
        /// `DEVICE` and `GROUP` are replaced by a real device's and group's id.
        let uri: String
        let body: String?
        var contentType = "application/json"
        let status: HTTPResponse.Status
        var testDescription: String { name }
    }

    static let deep = String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000)

    static let cases: [Case] = [
        Case(name: "malformed JSON", method: .post, uri: "/api/devices", body: #"{"platform":"ios""#, status: .badRequest),
        Case(name: "not an object", method: .post, uri: "/api/groups", body: "[1,2]", status: .badRequest),
        Case(name: "empty body", method: .post, uri: "/api/groups", body: "", status: .badRequest),
        Case(name: "unknown field", method: .post, uri: "/api/devices", body: #"{"platform":"ios","colour":"red"}"#, status: .badRequest),
        Case(name: "missing field", method: .post, uri: "/api/devices", body: #"{"ownership":"personal"}"#, status: .badRequest),
        Case(name: "wrong type", method: .post, uri: "/api/devices", body: #"{"platform":7}"#, status: .badRequest),
        Case(name: "unknown enum value", method: .post, uri: "/api/devices", body: #"{"platform":"symbian"}"#, status: .badRequest),
        Case(name: "null for a required field", method: .post, uri: "/api/groups", body: #"{"name":null}"#, status: .badRequest),
        Case(name: "bad tag", method: .post, uri: "/api/devices", body: #"{"platform":"ios","tags":["has space"]}"#, status: .badRequest),
        Case(name: "bad IMEI", method: .post, uri: "/api/devices", body: #"{"platform":"ios","imei":"12ab"}"#, status: .badRequest),
        Case(name: "control characters in a name", method: .post, uri: "/api/groups", body: "{\"name\":\"a\\u0000b\"}", status: .badRequest),
        Case(name: "deep nesting", method: .post, uri: "/api/commands", body: "{\"requestType\":\"X\",\"deviceId\":\"DEVICE\",\"payload\":{\"a\":\(deep)}}", status: .badRequest),
        Case(name: "oversized body", method: .post, uri: "/api/groups", body: "{\"name\":\"\(String(repeating: "a", count: 70_000))\"}", status: .contentTooLarge),
        Case(name: "wrong content type", method: .post, uri: "/api/groups", body: #"{"name":"x"}"#, contentType: "text/plain", status: .unsupportedMediaType),
        Case(name: "two command targets", method: .post, uri: "/api/commands", body: #"{"requestType":"DeviceLock","deviceId":"DEVICE","groupId":"GROUP"}"#, status: .badRequest),
        Case(name: "no command target", method: .post, uri: "/api/commands", body: #"{"requestType":"DeviceLock"}"#, status: .badRequest),
        Case(name: "bad request type", method: .post, uri: "/api/commands", body: #"{"requestType":"Device Lock!","deviceId":"DEVICE"}"#, status: .badRequest),
        Case(name: "payload not an object", method: .post, uri: "/api/commands", body: #"{"requestType":"DeviceLock","deviceId":"DEVICE","payload":[1]}"#, status: .badRequest),
        Case(name: "expiry in the past", method: .post, uri: "/api/commands", body: #"{"requestType":"DeviceLock","deviceId":"DEVICE","expiresAt":"2001-01-01T00:00:00Z"}"#, status: .badRequest),
        Case(name: "expiry not a date", method: .post, uri: "/api/commands", body: #"{"requestType":"DeviceLock","deviceId":"DEVICE","expiresAt":"tomorrow"}"#, status: .badRequest),
        Case(name: "device id not a UUID", method: .post, uri: "/api/commands", body: #"{"requestType":"DeviceLock","deviceId":"42"}"#, status: .badRequest),
        Case(name: "command for an unknown device", method: .post, uri: "/api/commands", body: "{\"requestType\":\"DeviceLock\",\"deviceId\":\"\(UUID().uuidString)\"}", status: .notFound),
        Case(name: "command for an unknown group", method: .post, uri: "/api/commands", body: "{\"requestType\":\"DeviceLock\",\"groupId\":\"\(UUID().uuidString)\"}", status: .notFound),
        Case(name: "empty member list", method: .post, uri: "/api/groups/GROUP/members", body: #"{"deviceIds":[]}"#, status: .badRequest),
        Case(name: "member unknown", method: .post, uri: "/api/groups/GROUP/members", body: "{\"deviceIds\":[\"DEVICE\",\"\(UUID().uuidString)\"]}", status: .notFound),
        Case(name: "members of an unknown group", method: .post, uri: "/api/groups/\(UUID().uuidString)/members", body: #"{"deviceIds":["DEVICE"]}"#, status: .notFound),
        Case(name: "patch unknown field", method: .patch, uri: "/api/devices/DEVICE", body: #"{"serialNumber":"X"}"#, status: .badRequest),
        Case(name: "patch unknown device", method: .patch, uri: "/api/devices/\(UUID().uuidString)", body: #"{"name":"x"}"#, status: .notFound),
        Case(name: "limit zero", method: .get, uri: "/api/devices?limit=0", body: nil, status: .badRequest),
        Case(name: "limit too large", method: .get, uri: "/api/devices?limit=1001", body: nil, status: .badRequest),
        Case(name: "limit not a number", method: .get, uri: "/api/commands?limit=ten", body: nil, status: .badRequest),
        Case(name: "forged cursor", method: .get, uri: "/api/devices?cursor=Z2FyYmFnZQ", body: nil, status: .badRequest),
        Case(name: "cursor of another listing", method: .get, uri: "/api/audit-events?cursor=ZGV2aWNlOng", body: nil, status: .badRequest),
        Case(name: "unknown query parameter", method: .get, uri: "/api/devices?platfrom=ios", body: nil, status: .badRequest),
        Case(name: "query parameter on a body route", method: .post, uri: "/api/groups?dryRun=1", body: #"{"name":"x"}"#, status: .badRequest),
        Case(name: "repeated query parameter", method: .get, uri: "/api/devices?tag=a&tag=b", body: nil, status: .badRequest),
        Case(name: "unknown filter value", method: .get, uri: "/api/commands?state=done", body: nil, status: .badRequest),
        Case(name: "bad date filter", method: .get, uri: "/api/audit-events?since=yesterday", body: nil, status: .badRequest),
        Case(name: "bad actor filter", method: .get, uri: "/api/audit-events?actor=root", body: nil, status: .badRequest),
        Case(name: "path id not a UUID", method: .get, uri: "/api/devices/not-a-uuid", body: nil, status: .badRequest),
        Case(name: "unknown device", method: .get, uri: "/api/devices/\(UUID().uuidString)", body: nil, status: .notFound),
        Case(name: "unknown command", method: .get, uri: "/api/commands/\(UUID().uuidString)", body: nil, status: .notFound),
        Case(name: "unknown group", method: .delete, uri: "/api/groups/\(UUID().uuidString)", body: nil, status: .notFound),
        Case(name: "unknown route", method: .get, uri: "/api/telephones", body: nil, status: .notFound),
        // Found by schemathesis (SchemathesisTests): each was accepted though the document says it is invalid.
        Case(name: "null for an optional field", method: .patch, uri: "/api/groups/GROUP", body: #"{"name":null}"#, status: .badRequest),
        Case(name: "null for an optional device field", method: .post, uri: "/api/devices", body: #"{"platform":"ios","maker":null}"#, status: .badRequest),
        Case(name: "audit head of sequence 0", method: .get, uri: "/api/audit-events/verify?expect=0:\(String(repeating: "a", count: 64))", body: nil, status: .badRequest),
        Case(name: "audit head of a signed sequence", method: .get, uri: "/api/audit-events/verify?expect=+1:\(String(repeating: "a", count: 64))", body: nil, status: .badRequest),
        Case(name: "method the path does not have", method: .trace, uri: "/api/devices", body: nil, status: .methodNotAllowed),
        Case(name: "a field given twice", method: .post, uri: "/api/groups", body: #"{"name":"first","name":"second"}"#, status: .badRequest),
        Case(name: "a field given twice, once escaped", method: .patch, uri: "/api/devices/DEVICE", body: #"{"name":"a","n\u0061me":"b"}"#, status: .badRequest),
        Case(name: "a field given twice in a nested object", method: .post, uri: "/api/commands",
             body: #"{"requestType":"DeviceLock","deviceId":"DEVICE","payload":{"Message":"a","Message":"b"}}"#, status: .badRequest),
    ]

    @Test(arguments: cases)
    func badInputIsRefusedWithAJSONErrorAndWritesNothing(_ bad: Case) async throws {
        try await AdminAPIHarness.run { h in
            let device = try await h.addDevice(Device(platform: .ios, enrollmentState: .enrolled, createdAt: Date()))
            let group = DeviceGroup(name: "existing", createdAt: Date())
            try await h.storage.createGroup(group)
            let before = try await Snapshot(h)

            let uri = bad.uri.replacingOccurrences(of: "DEVICE", with: device.id.description)
                .replacingOccurrences(of: "GROUP", with: group.id.uuidString)
            let body = bad.body?.replacingOccurrences(of: "DEVICE", with: device.id.description)
                .replacingOccurrences(of: "GROUP", with: group.id.uuidString)
            let response = try await h.call(bad.method, uri, json: body, contentType: bad.contentType)

            #expect(response.status == bad.status)
            let error = try AdminAPIHarness.json(response)
            #expect(error["error"]?.stringValue?.isEmpty == false)
            #expect(error["detail"]?.stringValue?.isEmpty == false)
            #expect(try await Snapshot(h) == before)
        }
    }

    @Test func errorDetailsSayWhatToFix() async throws {
        try await AdminAPIHarness.run { h in
            let unknown = try await Self.detail(h, #"{"platform":"ios","colour":"red"}"#)
            #expect(unknown?.contains("'colour'") == true)
            let missing = try await Self.detail(h, #"{"ownership":"personal"}"#)
            #expect(missing == "missing field 'platform'")
            let mistyped = try await Self.detail(h, #"{"platform":"ios","tags":["a",2]}"#)
            #expect(mistyped == "field 'tags[1]' must be a string")
        }
    }

    @Test func aFieldGivenTwiceIsNamedAndTheSameKeyInSiblingObjectsIsNot() async throws {
        try await AdminAPIHarness.run { h in
            let twice = try AdminAPIHarness.json(try await h.call(.post, "/api/groups", json: #"{"name":"first","name":"second"}"#))
            #expect(twice["detail"]?.stringValue == "the field 'name' is given more than once in one object; give each field once")
            let siblings = try await h.call(.post, "/api/devices", json: #"{"platform":"ios","tags":["a"],"name":"x"}"#)
            #expect(siblings.status == .created, "one key per object: no false alarm")
            #expect(RequestBodyReader.shape(of: Data(#"[{"a":1},{"a":2}]"#.utf8)).duplicateKey == nil)
            #expect(RequestBodyReader.shape(of: Data(#"{"a":{"b":1},"b":2,"s":"{\"b\":"}"#.utf8)).duplicateKey == nil)
            #expect(RequestBodyReader.shape(of: Data(#"{"a":{"b":1,"b":2}}"#.utf8)) == .init(depth: 2, duplicateKey: "b"))
        }
    }

    @Test func aLongInvalidIdIsNotEchoedBackWhole() async throws {
        let id = String(repeating: "x", count: 10_000)
        try await AdminAPIHarness.run { h in
            for uri in ["/api/devices/\(id)", "/api/commands/\(id)", "/api/devices?\(id)=1"] {
                let response = try await h.call(.get, uri)
                #expect(response.status == .badRequest)
                let detail = try #require(try AdminAPIHarness.json(response)["detail"]?.stringValue)
                #expect(detail.count < 200 && detail.contains(String(repeating: "x", count: 40) + "…"), "\(detail.prefix(300))")
            }
        }
    }

    @Test func aMethodAPathDoesNotHaveIs405NamingTheOnesItHasButOnlyToACallerThePathAdmits() async throws {
        try await AdminAPIHarness.run { h in
            let refused = try await h.call(HTTPRequest.Method("QUERY")!, "/api/devices/\(UUID())", token: h.tokens[.viewer])
            #expect(refused.status == .methodNotAllowed)
            #expect(refused.headers[.allow] == "GET, PATCH, DELETE")
            #expect(try await h.call(.put, "/api/devices", token: .some(nil)).status == .unauthorized)
            #expect(try await h.call(.get, "/api/administrators/\(UUID())/keys", token: h.tokens[.approver]).status == .forbidden)
            #expect(try await h.call(.post, "/health", token: .some(nil)).status == .methodNotAllowed)
        }
    }

    @Test func revokingAnIdentityTakesNoBodyAsItsOptionalBodyLeftOut() async throws {
        try await AdminAPIHarness.run { h in
            let device = try await h.addDevice(Device(platform: .ios, createdAt: Date()))
            let response = try await h.call(.post, "/api/devices/\(device.id)/identity/revoke")
            #expect(response.status == .conflict, "no identity to revoke, rather than 415 for the missing body")
            let text = try await h.client.execute(uri: "/api/devices/\(device.id)/identity/revoke", method: .post,
                                                  headers: [.authorization: "Bearer \(h.adminToken)"], body: ByteBuffer(string: "{}"))
            #expect(text.status == .unsupportedMediaType, "a body still needs its content type")
        }
    }

    private static func detail(_ h: AdminAPIHarness, _ body: String) async throws -> String? {
        try AdminAPIHarness.json(try await h.call(.post, "/api/devices", json: body))["detail"]?.stringValue
    }

    /// What a bad request must not change.
    struct Snapshot: Equatable {
        let devices: [Device]
        let groups: [DeviceGroup]
        let members: [DeviceID]
        let commands: [Command]
        let auditCount: Int

        init(_ h: AdminAPIHarness) async throws {
            devices = try await h.storage.devices(matching: DeviceFilter(), page: PageRequest(limit: 1000)).items
            groups = try await h.storage.groups(page: PageRequest(limit: 1000)).items
            members = try await groups.asyncFlatMap { try await h.storage.allMembers(of: $0.id) }
            commands = try await h.storage.commands(matching: CommandFilter(), page: PageRequest(limit: 1000)).items
            auditCount = try await h.storage.events(matching: AuditFilter(), page: PageRequest(limit: 1000)).items.count
        }
    }
}

extension Array where Element: Sendable {
    func asyncFlatMap<T>(_ transform: (Element) async throws -> [T]) async throws -> [T] {
        var result: [T] = []
        for element in self { result += try await transform(element) }
        return result
    }
}
