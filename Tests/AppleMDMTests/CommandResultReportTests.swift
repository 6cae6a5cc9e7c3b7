import Foundation
import PalisadeCore
import Testing
@testable import AppleMDM

private let udid = "66ADE930-5FDF-5EC4-8429-15640684C489"

private func report(_ entries: [String: PropertyListValue]) throws -> CommandResultReport {
    try CommandResultReport.parse(PropertyListValue.dictionary(entries).xmlDocument())
}

@Suite("Command results")
struct CommandResultReportTests {
    @Test("the DeviceInformation capture parses as an acknowledged result for its command")
    func deviceInformationCapture() throws {
        let raw = try FixtureFiles.data("DeviceInformation.1.plist")
        let result = try CommandResultReport.parse(raw)
        #expect(result.status == .acknowledged)
        #expect(result.commandUUID == "76eda240-5488-4989-8339-f2ae160113c4")
        #expect(result.commandID == UUID(uuidString: "76EDA240-5488-4989-8339-F2AE160113C4"))
        #expect(result.requestType == "DeviceInformation")
        #expect(result.identity.enrollment == .device(UDID(udid)!))
        #expect(result.errorChain.isEmpty)
        #expect(result.rawBody == raw)
        #expect(result.result["QueryResponses"]?["HostName"] == .string("fruit.example.com"))
        #expect(result.commandReport == CommandReport(status: .acknowledged, result: raw))
    }

    @Test("Idle needs no CommandUUID and answers no command")
    func idle() throws {
        let idle = try report(["Status": .string("Idle"), "UDID": .string(udid)])
        #expect(idle.status == .idle)
        #expect(idle.commandUUID == nil)
        #expect(idle.commandReport == nil)
    }

    @Test("every status maps to the domain status", arguments: CommandResultStatus.allCases)
    func statusMapping(status: CommandResultStatus) throws {
        let parsed = try report(["Status": .string(status.rawValue), "UDID": .string(udid), "CommandUUID": .string("c-1")])
        #expect(parsed.status == status)
        let expected: CommandReport.Status? = switch status {
        case .idle: nil
        case .acknowledged: .acknowledged
        case .error: .error
        case .commandFormatError: .commandFormatError
        case .notNow: .notNow
        }
        #expect(parsed.commandReport?.status == expected)
    }

    @Test("an Error report carries its error chain")
    func errorChain() throws {
        let parsed = try report([
            "Status": .string("Error"), "UDID": .string(udid), "CommandUUID": .string("c-1"),
            "ErrorChain": .array([
                .dictionary(["ErrorCode": .integer(4), "ErrorDomain": .string("MCProfileErrorDomain"),
                             "LocalizedDescription": .string("Le profil est invalide."), "USEnglishDescription": .string("The profile is invalid.")]),
                .dictionary(["ErrorCode": .integer(-1), "ErrorDomain": .string("NSPOSIXErrorDomain")]),
            ]),
        ])
        #expect(parsed.errorChain.count == 2)
        #expect(parsed.errorChain[0] == MDMErrorChainItem(
            errorCode: 4, errorDomain: "MCProfileErrorDomain", localizedDescription: "Le profil est invalide.",
            usEnglishDescription: "The profile is invalid."
        ))
        #expect(parsed.errorChain[1].usEnglishDescription == nil)
    }

    @Test("reports without a usable Status or CommandUUID, or with wrong types, are refused")
    func refusals() {
        #expect(throws: DeviceMessageError.missingKey("Status")) { try report(["UDID": .string(udid)]) }
        #expect(throws: DeviceMessageError.missingKey("CommandUUID")) {
            try report(["Status": .string("Acknowledged"), "UDID": .string(udid)])
        }
        #expect(throws: DeviceMessageError.invalidValue(key: "Status", reason: "is not Idle, Acknowledged, Error, CommandFormatError or NotNow")) {
            try report(["Status": .string("Done"), "UDID": .string(udid), "CommandUUID": .string("c")])
        }
        #expect(throws: DeviceMessageError.wrongType(key: "Status", expected: .string, found: .bool)) {
            try report(["Status": .bool(true), "UDID": .string(udid)])
        }
        #expect(throws: DeviceMessageError.wrongType(key: "ErrorChain[0].ErrorCode", expected: .integer, found: .string)) {
            try report(["Status": .string("Error"), "UDID": .string(udid), "CommandUUID": .string("c"),
                        "ErrorChain": .array([.dictionary(["ErrorCode": .string("4")])])])
        }
        #expect(throws: DeviceMessageError.wrongType(key: "ErrorChain[0]", expected: .dictionary, found: .string)) {
            try report(["Status": .string("Error"), "UDID": .string(udid), "CommandUUID": .string("c"), "ErrorChain": .array([.string("x")])])
        }
        #expect(throws: DeviceMessageError.missingEnrollmentIdentifier) { try report(["Status": .string("Idle")]) }
        #expect(throws: DeviceMessageError.invalidValue(key: "CommandUUID", reason: "must be 1 to 128 printable ASCII characters without spaces")) {
            try report(["Status": .string("Acknowledged"), "UDID": .string(udid), "CommandUUID": .string("")])
        }
        #expect(throws: DeviceMessageError.propertyList(PropertyListRefusal(.empty))) { try CommandResultReport.parse(Data()) }
    }

    @Test("a report written by Palisade (as the simulator would) parses back unchanged")
    func writtenReportRoundTrip() throws {
        let written = CommandResultReport(
            identity: EnrollmentIdentity(enrollment: .device(UDID(udid)!)), status: .error, commandUUID: "c-9", requestType: "InstallProfile",
            errorChain: [MDMErrorChainItem(errorCode: 4, errorDomain: "MCProfileErrorDomain")],
            extra: ["Detail": .string("kept")]
        )
        #expect(try CommandResultReport.parse(written.rawBody) == written)
    }

    @Test("user-channel results name the user")
    func userChannel() throws {
        let parsed = try report(["Status": .string("Acknowledged"), "UDID": .string(udid), "CommandUUID": .string("c"),
                                 "UserID": .string("A1B2C3D4-0000-1111-2222-333344445555")])
        #expect(parsed.identity.channelID == "\(udid):A1B2C3D4-0000-1111-2222-333344445555")
    }
}
