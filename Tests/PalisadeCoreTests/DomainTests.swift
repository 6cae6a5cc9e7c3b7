import Foundation
@testable import PalisadeCore
import Testing

@Suite struct DomainTests {
    @Test func tagsAreStoredSortedAndUnique() {
        let device = Device(platform: .ios, tags: ["b", "a", "b"], createdAt: Date())
        #expect(device.tags == ["a", "b"])
    }

    @Test(arguments: [
        ("site:leeds", true), ("field-ops_2.0", true), ("Ünïcode", true), ("x\u{0345}", false), ("Ⅻ", false), ("", false), ("has space", false),
        ("semi;colon", false), (String(repeating: "x", count: 65), false),
    ])
    func tagRules(_ tag: String, _ acceptable: Bool) {
        #expect((Tag.problem(with: tag) == nil) == acceptable)
    }

    @Test(arguments: [
        ("DeviceLock", true), ("InstalledApplicationList", true), ("Settings2", true), ("", false), ("2Fast", false),
        ("Device Lock", false), ("Device-Lock", false), ("Déverrouiller", false), (String(repeating: "A", count: 65), false),
    ])
    func requestTypeRules(_ type: String, _ acceptable: Bool) {
        #expect((Command.problem(withRequestType: type) == nil) == acceptable)
    }

    @Test func commandStatesSplitIntoPendingAndFinished() {
        #expect(Set(CommandState.pendingStates) == [.queued, .sent, .notNow])
        #expect(Set(CommandState.finishedStates) == [.acknowledged, .error, .cancelled, .expired])
        #expect(CommandReport.Status.commandFormatError.resultingState == .error)
        #expect(CommandReport.Status.notNow.resultingState == .notNow)
    }

    @Test func rolesAreOrderedFromViewerToAdmin() {
        #expect(Role.viewer < .operator && Role.operator < .approver && Role.approver < .admin)
        #expect(Role.allCases.sorted() == [.viewer, .operator, .approver, .admin])
    }

    @Test func auditActorsRoundTripThroughTheirText() {
        let admin = UUID()
        let device = DeviceID()
        for actor in [AuditEvent.Actor.administrator(admin), .device(device), .system] {
            #expect(AuditEvent.Actor(text: actor.text) == actor)
        }
        #expect(AuditEvent.Actor(text: "admin:not-a-uuid") == nil)
        #expect(AuditEvent.Actor(text: "root") == nil)
    }

    @Test func tokensStopWorkingWhenRevokedOrExpired() {
        let now = Date()
        let token = APIToken(administratorID: UUID(), label: "t", digest: "d", createdAt: now, expiresAt: now.addingTimeInterval(60))
        #expect(token.isUsable(at: now))
        #expect(!token.isUsable(at: now.addingTimeInterval(61)))
        var revoked = token
        revoked.revokedAt = now
        #expect(!revoked.isUsable(at: now))
    }

    @Test func deviceJSONHasOneFixedShapeWithNullsForUnknownFields() throws {
        let device = Device(platform: .android, serialNumber: "S1", createdAt: Date(timeIntervalSince1970: 0))
        let json = try JSONValue.decode(JSONEncoder().encode(device))
        #expect(json.objectValue?.keys.sorted() == [
            "createdAt", "enrolledAt", "enrollmentState", "hardwareId", "id", "imei", "lastSeenAt", "maker", "model",
            "name", "osBuild", "osVersion", "ownership", "platform", "securityPatchLevel", "serialNumber", "tags",
        ])
        #expect(json["imei"] == .null)
        #expect(json["id"]?.stringValue == device.id.description)
        #expect(try JSONDecoder().decode(Device.self, from: JSONEncoder().encode(device)) == device)
    }

    @Test func jsonValuesRoundTripAndMeasureTheirDepth() throws {
        let value = JSONValue.object(["a": .array([.number(1), .number(2.5), .bool(true), .null, .object(["b": .string("c")])])])
        #expect(try JSONValue.decode(value.encoded()) == value)
        #expect(value.depth == 3)
        #expect(String(decoding: JSONValue.number(3).encoded(), as: UTF8.self) == "3")
    }
}
