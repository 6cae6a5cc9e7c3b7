import AppleMDM
import Foundation
import Inspection
import Testing

@Suite("Response inspection")
struct ResponseInspectionTests {
    let inspector = Inspector()

    @Test("a 401 from the core is refused for the edge to replace, on every endpoint")
    func unauthorizedRefused() {
        for endpoint in DeviceEndpoint.allCases {
            let verdict = inspector.inspect(InspectedResponse(status: 401), for: endpoint)
            #expect(verdict.decision == .refuse(status: 503))
            #expect(verdict.ruleIDs == ["response.status-401"])
        }
    }

    @Test("only 200 and the device-safe error statuses go out")
    func statusAllowList() {
        for status in [200, 400, 403, 404, 410, 413, 429, 503] {
            #expect(inspector.inspect(InspectedResponse(status: status), for: .connect).decision == .pass, "\(status)")
        }
        for status in [201, 204, 301, 302, 405, 418, 500, 502] {
            #expect(inspector.inspect(InspectedResponse(status: status), for: .checkin).ruleIDs == ["response.status"], "\(status)")
        }
    }

    @Test("real MDMCommand wire plists pass, including ones carrying an unlock token")
    func realCommandsPass() throws {
        let commands = [
            MDMCommand.deviceInformation(), MDMCommand.profileList(), MDMCommand.installProfile(Data("profile".utf8)),
            try MDMCommand.deviceLock(message: "Call IT", pin: "123456"),
            try MDMCommand.clearPasscode(unlockToken: Data("UNLOCK-TOKEN-SECRET".utf8)),
            MDMCommand(requestType: "FutureCommand", parameters: ["Flag": .bool(true)]),
        ]
        for command in commands {
            let response = InspectedResponse(status: 200, headers: ["Content-Type": "application/xml"], body: command.wireData())
            let verdict = inspector.inspect(response, for: .connect)
            #expect(verdict.decision == .pass, "\(command.requestType): \(verdict.report)")
            #expect(verdict.findings.isEmpty)
            #expect(verdict.subject.requestType == command.requestType)
            #expect(verdict.subject.commandUUID == command.commandUUID)
        }
        #expect(inspector.inspect(InspectedResponse(status: 200), for: .connect).decision == .pass)
    }

    @Test("a binary plist command is refused")
    func binaryCommandRefused() throws {
        let command = MDMCommand.deviceInformation()
        let binary = try PropertyListSerialization.data(fromPropertyList: command.propertyList.foundationObject, format: .binary, options: 0)
        let verdict = inspector.inspect(InspectedResponse(status: 200, body: binary), for: .connect)
        #expect(verdict.decision == .refuse(status: 503))
        #expect(verdict.ruleIDs == ["response.plist.binary"])
    }

    @Test("a command without CommandUUID, RequestType or Command is refused")
    func malformedCommandsRefused() {
        let noUUID = PropertyListValue.dictionary(["Command": .dictionary(["RequestType": .string("DeviceInformation")])])
        let noRequestType = PropertyListValue.dictionary(["Command": .dictionary([:]), "CommandUUID": .string("abc")])
        let badRequestType = PropertyListValue.dictionary(["Command": .dictionary(["RequestType": .string("<script>")]), "CommandUUID": .string("abc")])
        let noCommand = PropertyListValue.dictionary(["CommandUUID": .string("abc")])
        for value in [noUUID, noRequestType, badRequestType, noCommand, .array([])] {
            let verdict = inspector.inspect(InspectedResponse(status: 200, body: value.xmlDocument()), for: .connect)
            #expect(verdict.decision == .refuse(status: 503))
            #expect(verdict.ruleIDs == ["response.command"])
        }
        let extra = PropertyListValue.dictionary([
            "Command": .dictionary(["RequestType": .string("DeviceInformation")]), "CommandUUID": .string("abc"), "Debug": .bool(true),
        ])
        let verdict = inspector.inspect(InspectedResponse(status: 200, body: extra.xmlDocument()), for: .connect)
        #expect(verdict.ruleIDs == ["response.command-extra-key"])
        #expect(verdict.decision == .pass)
    }

    @Test("check-in replies the protocol allows pass; others are refused")
    func checkinReplies() throws {
        let allowed: [CheckinReply] = [
            .accepted, .bootstrapToken(Data("bootstrap".utf8)), .bootstrapToken(nil), .token(Data("t".utf8)),
            .userAuthenticate(.decline), .userAuthenticate(.challenge("nonce")), .userAuthenticate(.authenticated(authToken: "a")),
            .declarativeManagement(json: Data(#"{"SyncTokens":{"DeclarationsToken":"x"}}"#.utf8)), .statusReceived,
        ]
        for reply in allowed {
            var headers = InspectedHeaders()
            if let type = reply.contentType { headers.add("Content-Type", type) }
            let verdict = inspector.inspect(InspectedResponse(status: reply.status, headers: headers, body: reply.body), for: .checkin)
            #expect(verdict.decision == .pass, "\(reply): \(verdict.report)")
        }
        let badJSON = InspectedResponse(status: 200, headers: ["Content-Type": "application/json"], body: Data("{nope".utf8))
        #expect(inspector.inspect(badJSON, for: .checkin).ruleIDs == ["response.body"])
        let doctype = InspectedResponse(status: 200, headers: ["Content-Type": "application/xml"], body: try #require(try InspectionFixtures.attackFiles().first { $0.name == "xmlbomb.xml" }?.body))
        #expect(inspector.inspect(doctype, for: .checkin).ruleIDs == ["response.plist.doctype-internal-subset"])
        let unknownKey = PropertyListValue.dictionary(["Shell": .string("x")]).xmlDocument()
        #expect(inspector.inspect(InspectedResponse(status: 200, body: unknownKey), for: .checkin).ruleIDs == ["response.checkin-reply-key"])
    }
}
