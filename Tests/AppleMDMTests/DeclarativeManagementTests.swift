import Foundation
import PalisadeCore
import Testing
@testable import AppleMDM

private func json(_ data: Data) throws -> JSONValue { try JSONValue.decode(data) }

@Suite("Declarative Device Management")
struct DeclarativeManagementTests {
    @Test("the tokens response has Apple's shape with an RFC 3339 timestamp")
    func tokensResponse() throws {
        let response = DeclarationTokensResponse(syncTokens: SynchronizationTokens(
            declarationsToken: "abc", timestamp: Date(timeIntervalSince1970: 1_700_000_000.75)
        ))
        #expect(String(decoding: response.jsonData(), as: UTF8.self)
            == #"{"SyncTokens":{"DeclarationsToken":"abc","Timestamp":"2023-11-14T22:13:20Z"}}"#)
    }

    @Test("the declaration-items response lists items by kind; its token ignores order and follows content")
    func declarationItems() throws {
        let passcode = Declaration(type: "com.apple.configuration.passcode.settings", identifier: "passcode",
                                   payload: .object(["MinimumLength": .number(6)]))
        let activation = Declaration(type: "com.apple.activation.simple", identifier: "activate-all",
                                     payload: .object(["StandardConfigurations": .array([.string("passcode")])]))
        let manifest = DeclarationManifest(declarations: [passcode, activation])
        #expect(manifest.configurations == [passcode.item])
        #expect(manifest.activations == [activation.item])
        let response = DeclarationItemsResponse(declarations: manifest)
        let decoded = try json(response.jsonData())
        #expect(decoded["Declarations"]?["Configurations"]?.arrayValue?.first?["Identifier"] == .string("passcode"))
        #expect(decoded["Declarations"]?["Assets"] == .array([]))
        #expect(decoded["DeclarationsToken"] == .string(response.declarationsToken))

        let reordered = DeclarationManifest(activations: manifest.activations, configurations: manifest.configurations.reversed())
        #expect(DeclarationItemsResponse.declarationsToken(for: reordered) == response.declarationsToken)
        let changed = Declaration(type: passcode.type, identifier: passcode.identifier, payload: .object(["MinimumLength": .number(8)]))
        #expect(changed.serverToken != passcode.serverToken)
        #expect(DeclarationItemsResponse(declarations: DeclarationManifest(declarations: [changed, activation])).declarationsToken
            != response.declarationsToken)
    }

    @Test("a declaration encodes with Type, Identifier, ServerToken and Payload, and knows its kind")
    func declaration() throws {
        let declaration = Declaration(type: "com.apple.asset.data", identifier: "logo", payload: .object(["Reference": .object([:])]))
        #expect(declaration.kind == .asset)
        #expect(declaration.serverToken.count == 64)
        let decoded = try json(declaration.jsonData())
        #expect(decoded["Type"] == .string("com.apple.asset.data"))
        #expect(decoded["ServerToken"] == .string(declaration.serverToken))
        #expect(DeclarationKind(declarationType: "com.example.configuration.x") == nil)
        #expect(DeclarationKind(declarationType: "com.apple.management.server-capabilities") == .management)
    }

    @Test("a status report parses: nested status items by name, errors and declaration statuses")
    func statusReport() throws {
        let text = """
            {"StatusItems": {
               "device": {"operating-system": {"version": "17.5.1", "build-version": "21F90"}, "model": {"family": "iPhone"}},
               "management": {"declarations": {
                  "activations": [{"identifier": "activate-all", "server-token": "t1", "active": true, "valid": "valid"}],
                  "configurations": [{"identifier": "passcode", "server-token": "t2", "active": false, "valid": "invalid",
                                      "reasons": [{"code": "Error.ConfigurationCannotBeApplied", "description": "no", "details": {"Error": "x"}}]}],
                  "assets": [], "management": []}}},
             "Errors": [{"StatusItem": "passcode.is-compliant", "Reasons": [{"Code": "Error.NotSupported"}]}],
             "FullReport": true}
            """
        let report = try DeclarativeStatusReport.parse(Data(text.utf8))
        #expect(report.fullReport)
        #expect(report.value(at: "device.operating-system.version") == .string("17.5.1"))
        #expect(report.value(at: "device.model.family") == .string("iPhone"))
        #expect(report.value(at: "device.nothing") == nil)
        #expect(report.errors == [StatusReportError(statusItem: "passcode.is-compliant", reasons: [StatusReason(code: "Error.NotSupported")])])
        let statuses = try #require(try report.declarationStatuses())
        #expect(statuses.activations.first?.active == true)
        #expect(statuses.failing.map(\.identifier) == ["passcode"])
        #expect(statuses.configurations.first?.reasons.first?.details?["Error"] == .string("x"))
    }

    @Test("status reports that are not JSON, lack StatusItems, hold wrong types or nest too deep are refused")
    func statusReportRefusals() {
        #expect(throws: DeclarativeMessageError.notJSON) { try DeclarativeStatusReport.parse(Data("<plist/>".utf8)) }
        #expect(throws: DeclarativeMessageError.missingKey("StatusItems")) { try DeclarativeStatusReport.parse(Data("{}".utf8)) }
        #expect(throws: DeclarativeMessageError.wrongType(key: "Errors[0].StatusItem", expected: "a string")) {
            try DeclarativeStatusReport.parse(Data(#"{"StatusItems": {}, "Errors": [{"StatusItem": 1}]}"#.utf8))
        }
        #expect(throws: DeclarativeMessageError.wrongType(key: "StatusItems.management.declarations.configurations[0].active", expected: "true or false")) {
            try DeclarativeStatusReport.parse(Data(#"{"StatusItems": {"management": {"declarations": {"configurations": [{"identifier": "a", "server-token": "b", "active": "yes", "valid": "valid"}]}}}}"#.utf8))
                .declarationStatuses()
        }
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: DeclarativeMessageError.tooDeep(limit: 32)) { try DeclarativeStatusReport.parse(Data(deep.utf8)) }
        let nestedInString = #"{"StatusItems": {"x": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}}"#
        #expect((try? DeclarativeStatusReport.parse(Data(nestedInString.utf8))) != nil)
        #expect(throws: DeclarativeMessageError.tooLarge(limit: 1 << 20)) {
            try DeclarativeStatusReport.parse(Data(repeating: UInt8(ascii: " "), count: (1 << 20) + 1))
        }
    }

    @Test("a status check-in's Data parses as a status report")
    func statusCheckin() throws {
        let body = PropertyListValue.dictionary([
            "MessageType": .string("DeclarativeManagement"), "UDID": .string("00008030-001A1C2E0C38802E"), "Endpoint": .string("status"),
            "Data": .data(Data(#"{"StatusItems": {"device": {"identifier": {"udid": "00008030-001A1C2E0C38802E"}}}, "Errors": []}"#.utf8)),
        ]).xmlDocument()
        guard case .declarativeManagement(let message) = try CheckinMessage.parse(body), let data = message.data else {
            Issue.record("not a status check-in")
            return
        }
        #expect(try DeclarativeStatusReport.parse(data).value(at: "device.identifier.udid") == .string("00008030-001A1C2E0C38802E"))
    }
}
