import Foundation
import PalisadeCore
import Testing
@testable import AppleMDM

private let udid = "663b07bb783e9ade1dae4fbb92ea12afc0ce5b69"
private let topic = "com.apple.mgmt.External.e0bd1eac-1f17-4c8e-8a63-dd17d3dd35d9"

/// A check-in body written by Palisade's own property-list writer.
private func body(_ entries: [String: PropertyListValue]) -> Data {
    PropertyListValue.dictionary(entries).xmlDocument()
}

private func tokenUpdate(_ extra: [String: PropertyListValue] = [:], removing: [String] = []) -> Data {
    var entries: [String: PropertyListValue] = [
        "MessageType": .string("TokenUpdate"), "UDID": .string(udid), "Topic": .string(topic),
        "Token": .data(Data(repeating: 7, count: 32)), "PushMagic": .string("CEFDF0BD-E342-4A27-8742-E930EA116B0A"),
    ]
    entries.merge(extra) { $1 }
    for key in removing { entries[key] = nil }
    return body(entries)
}

private func parse(_ data: Data) throws -> CheckinMessage {
    try CheckinMessage.parse(data)
}

@Suite("Check-in messages")
struct CheckinMessageTests {
    // MARK: Real captures

    @Test("Authenticate from iOS 9 parses with the values it carries")
    func authenticateIOS() throws {
        guard case .authenticate(let message) = try parse(try FixtureFiles.data("Authenticate.1.plist")) else {
            Issue.record("not Authenticate")
            return
        }
        #expect(message.identity.enrollment == .device(UDID(udid)!))
        #expect(message.identity.isUserChannel == false)
        #expect(message.identity.enrollment.enrollmentKind == .appleDevice)
        #expect(message.identity.channelID == udid)
        #expect(message.topic == topic)
        #expect(message.osVersion == "9.3.5")
        #expect(message.buildVersion == "13G36")
        #expect(message.productName == "iPad2,5")
        #expect(message.serialNumber == "F5JM992LF193")
        #expect(message.deviceName == nil)
    }

    @Test("Authenticate from macOS 10.12 parses, UUID-form UDID and macOS-only keys included")
    func authenticateMacOS() throws {
        guard case .authenticate(let message) = try parse(try FixtureFiles.data("Authenticate.2.plist")) else {
            Issue.record("not Authenticate")
            return
        }
        #expect(message.identity.enrollment.rawValue == "66ADE930-5FDF-5EC4-8429-15640684C489")
        #expect(message.deviceName == "Fruit")
        #expect(message.model == "iMac14,2")
        #expect(message.modelName == "iMac")
        #expect(message.productName == "iMac14,2")
        #expect(message.osVersion == "10.12.6")
    }

    @Test("TokenUpdate captures parse; the token is kept as sent and the device matches the .txt expectations",
          arguments: [("TokenUpdate.1", "Authenticate.1", true), ("TokenUpdate.2", "Authenticate.2", false)])
    func tokenUpdateCaptures(capture: String, authenticate: String, hasUnlockToken: Bool) throws {
        let raw = try FixtureFiles.data("\(capture).plist")
        guard case .tokenUpdate(let message) = try parse(raw) else {
            Issue.record("not TokenUpdate")
            return
        }
        let sentToken = try #require(PropertyListGuard().decode(raw)["Token"]?.dataValue)
        #expect(message.token == sentToken)
        #expect(message.token.count == 32)
        #expect(message.topic == topic)
        #expect(message.pushMagic.count == 36)
        #expect(message.awaitingConfiguration == false)
        #expect((message.unlockToken != nil) == hasUnlockToken)
        if let unlockToken = message.unlockToken { #expect(unlockToken.count > 1000) }

        // The .txt beside each capture lists facts of the device that sent it; the TokenUpdate itself carries none,
        // so they come from the same device's Authenticate.
        guard case .authenticate(let hello) = try parse(try FixtureFiles.data("\(authenticate).plist")) else {
            Issue.record("not Authenticate")
            return
        }
        #expect(hello.identity.enrollment == message.identity.enrollment)
        let device = InventoryUpdate(authenticate: hello).applied(to: Device(platform: .ios, createdAt: Date()))
        let expected = try FixtureFiles.expectations("\(capture).txt")
        #expect(expected.count == 3)
        #expect(device.osBuild == expected["BuildVersion"])
        #expect(device.osVersion == expected["OSVersion"])
        #expect(device.model == expected["ProductName"])
    }

    // MARK: Channels and identifiers

    @Test("a macOS user-channel TokenUpdate names the user")
    func userChannel() throws {
        let data = tokenUpdate([
            "UserID": .string("A1B2C3D4-0000-1111-2222-333344445555"), "UserShortName": .string("jane"),
            "UserLongName": .string("Jane Appleseed"), "NotOnConsole": .bool(false),
        ])
        guard case .tokenUpdate(let message) = try parse(data) else { Issue.record("not TokenUpdate"); return }
        #expect(message.identity.isUserChannel)
        #expect(message.identity.user?.longName == "Jane Appleseed")
        #expect(message.identity.channelID == "\(udid):A1B2C3D4-0000-1111-2222-333344445555")
        #expect(message.notOnConsole == false)
    }

    @Test("Shared iPad users are told apart by short name, since their UserID is always all F")
    func sharedIPad() throws {
        let data = tokenUpdate(["UserID": .string(UserChannelIdentity.sharedIPadUserID), "UserShortName": .string("jane@example.com")])
        let identity = try parse(data).identity
        #expect(identity.user?.isSharedIPadUser == true)
        #expect(identity.channelID == "\(udid):jane@example.com")
    }

    @Test("a user enrolment is named by EnrollmentID and its user by EnrollmentUserID")
    func userEnrollment() throws {
        let data = tokenUpdate(["EnrollmentID": .string("9F3A7C1E-EnrollmentID"), "EnrollmentUserID": .string("user-7")], removing: ["UDID"])
        let identity = try parse(data).identity
        #expect(identity.enrollment == .userEnrollment(enrollmentID: "9F3A7C1E-EnrollmentID"))
        #expect(identity.enrollment.enrollmentKind == .appleUser)
        #expect(identity.channelID == "9F3A7C1E-EnrollmentID:user-7")
    }

    @Test("UDIDs are accepted in their three forms and nothing else")
    func udidForms() {
        #expect(UDID("663b07bb783e9ade1dae4fbb92ea12afc0ce5b69") != nil)
        #expect(UDID("00008030-001A1C2E0C38802E") != nil)
        #expect(UDID("66ADE930-5FDF-5EC4-8429-15640684C489") != nil)
        for bad in ["", "663b07bb783e9ade1dae4fbb92ea12afc0ce5b6", "663b07bb783e9ade1dae4fbb92ea12afc0ce5b6g",
                    "00008030_001A1C2E0C38802E", "00008030-001A1C2E0C38802", "66ADE930-5FDF-5EC4-8429-15640684C48Z",
                    "66ADE9305-FDF-5EC4-8429-15640684C489", "../../../../etc/passwd/aaaaaaaaaaaaaaaaaaaa",
                    "66ADE930-5FDF-5EC4-8429-15640684C489\n", String(repeating: "a", count: 4096)] {
            #expect(UDID(bad) == nil, "accepted \(bad.debugDescription)")
        }
    }

    @Test("the token is stored as sent whatever its length, but not empty")
    func tokenLength() throws {
        guard case .tokenUpdate(let message) = try parse(tokenUpdate(["Token": .data(Data(repeating: 1, count: 100))])) else {
            Issue.record("not TokenUpdate"); return
        }
        #expect(message.token.count == 100)
        #expect(throws: DeviceMessageError.invalidValue(key: "Token", reason: "must not be empty")) {
            try parse(tokenUpdate(["Token": .data(Data())]))
        }
        #expect(throws: DeviceMessageError.invalidValue(key: "Token", reason: "must be at most 1024 bytes")) {
            try parse(tokenUpdate(["Token": .data(Data(count: 1025))]))
        }
    }

    // MARK: Refusals

    @Test("missing required keys are refused, naming the key", arguments: ["Topic", "Token", "PushMagic", "MessageType"])
    func missingKeys(key: String) {
        #expect(throws: DeviceMessageError.missingKey(key)) { try parse(tokenUpdate(removing: [key])) }
    }

    @Test("wrong value types for required keys are refused, naming the key and both types")
    func wrongTypes() {
        #expect(throws: DeviceMessageError.wrongType(key: "Token", expected: .data, found: .string)) {
            try parse(tokenUpdate(["Token": .string("R+juwGLC9ynsFwPBs+GPGXHYXwC+dkRdNAgLqnAbX1E=")]))
        }
        #expect(throws: DeviceMessageError.wrongType(key: "UDID", expected: .string, found: .integer)) {
            try parse(tokenUpdate(["UDID": .integer(42)]))
        }
        #expect(throws: DeviceMessageError.wrongType(key: "Topic", expected: .string, found: .array)) {
            try parse(tokenUpdate(["Topic": .array([])]))
        }
        #expect(throws: DeviceMessageError.wrongType(key: "AwaitingConfiguration", expected: .bool, found: .string)) {
            try parse(tokenUpdate(["AwaitingConfiguration": .string("true")]))
        }
        #expect(throws: DeviceMessageError.wrongType(key: "MessageType", expected: .string, found: .dictionary)) {
            try parse(tokenUpdate(["MessageType": .dictionary([:])]))
        }
    }

    @Test("identifiers outside their formats are refused")
    func badIdentifiers() {
        #expect(throws: DeviceMessageError.invalidValue(key: "UDID", reason: "must be a UDID")) {
            try parse(tokenUpdate(["UDID": .string("not-a-udid")]))
        }
        #expect(throws: DeviceMessageError.conflictingEnrollmentIdentifiers) {
            try parse(tokenUpdate(["EnrollmentID": .string("abc")]))
        }
        #expect(throws: DeviceMessageError.missingEnrollmentIdentifier) { try parse(tokenUpdate(removing: ["UDID"])) }
        #expect(throws: DeviceMessageError.invalidValue(key: "EnrollmentID", reason: "must be 1 to 128 ASCII letters, digits, '.', '_' or '-'")) {
            try parse(tokenUpdate(["EnrollmentID": .string("a:b")], removing: ["UDID"]))
        }
        #expect(throws: DeviceMessageError.invalidValue(key: "UserID", reason: "must be 1 to 128 ASCII letters, digits, '.', '_' or '-'")) {
            try parse(tokenUpdate(["UserID": .string("a b")]))
        }
        #expect(throws: DeviceMessageError.invalidValue(key: "Topic", reason: "must be 1 to 255 printable ASCII characters without spaces")) {
            try parse(tokenUpdate(["Topic": .string("com.apple mgmt")]))
        }
        #expect(throws: DeviceMessageError.invalidValue(key: "UserShortName", reason: "must be at most 256 characters without control characters")) {
            try parse(tokenUpdate(["UserShortName": .string("jane\u{202E}moc.elppa")]))
        }
    }

    @Test("a user name without a user identifier cannot name a channel")
    func userNameAlone() {
        #expect(throws: DeviceMessageError.invalidValue(key: "UserLongName", reason: "needs UserID, EnrollmentUserID or a non-empty UserShortName")) {
            try parse(tokenUpdate(["UserLongName": .string("Jane Appleseed")]))
        }
    }

    @Test("Authenticate with user-channel keys is refused: it exists on the device channel only")
    func authenticateUserChannel() throws {
        var entries = try PropertyListGuard().decode(try FixtureFiles.data("Authenticate.1.plist")).dictionaryValue!
        entries["UserID"] = .string("A1B2C3D4-0000-1111-2222-333344445555")
        #expect(throws: DeviceMessageError.invalidValue(key: "UserID", reason: "is not allowed in this message")) {
            try parse(body(entries))
        }
    }

    @Test("unknown message types, non-dictionaries and guard refusals are refused")
    func otherRefusals() throws {
        #expect(throws: DeviceMessageError.invalidValue(key: "MessageType", reason: "is not a check-in message type")) {
            try parse(tokenUpdate(["MessageType": .string("Enroll")]))
        }
        #expect(throws: DeviceMessageError.notADictionary) { try parse(PropertyListValue.array([.string("x")]).xmlDocument()) }
        let binary = try PropertyListSerialization.data(fromPropertyList: ["MessageType": "Authenticate"], format: .binary, options: 0)
        #expect(throws: DeviceMessageError.propertyList(PropertyListRefusal(.binaryPropertyList, offset: 0))) { try parse(binary) }
        let truncated = try FixtureFiles.data("TokenUpdate.2.plist").prefix(300)
        #expect(throws: DeviceMessageError.self) { try parse(truncated) }
    }

    // MARK: The other message types

    @Test("CheckOut, SetBootstrapToken and GetBootstrapToken parse")
    func bootstrapAndCheckOut() throws {
        guard case .checkOut(let checkOut) = try parse(body(["MessageType": .string("CheckOut"), "UDID": .string(udid), "Topic": .string(topic)])) else {
            Issue.record("not CheckOut"); return
        }
        #expect(checkOut.topic == topic)
        guard case .setBootstrapToken(let set) = try parse(body([
            "MessageType": .string("SetBootstrapToken"), "UDID": .string(udid), "BootstrapToken": .data(Data([1, 2, 3])),
        ])) else { Issue.record("not SetBootstrapToken"); return }
        #expect(set.bootstrapToken == Data([1, 2, 3]))
        guard case .setBootstrapToken(let clear) = try parse(body([
            "MessageType": .string("SetBootstrapToken"), "UDID": .string(udid), "BootstrapToken": .data(Data()),
        ])) else { Issue.record("not SetBootstrapToken"); return }
        #expect(clear.bootstrapToken == nil)
        guard case .getBootstrapToken(let get) = try parse(body([
            "MessageType": .string("GetBootstrapToken"), "UDID": .string(udid), "AwaitingConfiguration": .bool(true),
        ])) else { Issue.record("not GetBootstrapToken"); return }
        #expect(get.awaitingConfiguration)
    }

    @Test("DeclarativeManagement endpoints parse; anything else is refused")
    func declarativeManagement() throws {
        let cases: [(String, DeclarativeManagementEndpoint)] = [
            ("tokens", .tokens), ("declaration-items", .declarationItems), ("status", .status),
            ("declaration/configuration/com.example.passcode", .declaration(kind: .configuration, identifier: "com.example.passcode")),
            ("declaration/asset/a/b", .declaration(kind: .asset, identifier: "a/b")),
        ]
        for (text, endpoint) in cases {
            let data = body(["MessageType": .string("DeclarativeManagement"), "UDID": .string(udid), "Endpoint": .string(text),
                             "Data": .data(Data("{}".utf8))])
            guard case .declarativeManagement(let message) = try parse(data) else { Issue.record("not DeclarativeManagement"); return }
            #expect(message.endpoint == endpoint)
            #expect(message.endpoint.description == text)
            #expect(message.data == Data("{}".utf8))
        }
        for bad in ["declaration/unknown/x", "declaration/configuration/", "declaration", "../tokens", "declaration/asset/a b"] {
            let data = body(["MessageType": .string("DeclarativeManagement"), "UDID": .string(udid), "Endpoint": .string(bad)])
            #expect(throws: DeviceMessageError.invalidValue(key: "Endpoint", reason: "is not a Declarative Device Management endpoint")) {
                try parse(data)
            }
        }
    }

    @Test("UserAuthenticate parses with and without DigestResponse, and needs a UserID")
    func userAuthenticate() throws {
        let first: [String: PropertyListValue] = [
            "MessageType": .string("UserAuthenticate"), "UDID": .string(udid), "UserID": .string("A1B2C3D4-0000-1111-2222-333344445555"),
        ]
        guard case .userAuthenticate(let hello) = try parse(body(first)) else { Issue.record("not UserAuthenticate"); return }
        #expect(hello.digestResponse == nil)
        #expect(hello.userID == "A1B2C3D4-0000-1111-2222-333344445555")
        var second = first
        second["DigestResponse"] = .string("digest")
        guard case .userAuthenticate(let answer) = try parse(body(second)) else { Issue.record("not UserAuthenticate"); return }
        #expect(answer.digestResponse == "digest")
        var anonymous = first
        anonymous["UserID"] = nil
        #expect(throws: DeviceMessageError.missingKey("UserID")) { try parse(body(anonymous)) }
    }

    @Test("GetToken parses its service type and parameters")
    func getToken() throws {
        let data = body([
            "MessageType": .string("GetToken"), "UDID": .string(udid), "TokenServiceType": .string(GetTokenMessage.watchPairingService),
            "TokenParameters": .dictionary(["PhoneUDID": .string(udid), "SecurityToken": .string("s")]),
        ])
        guard case .getToken(let message) = try parse(data) else { Issue.record("not GetToken"); return }
        #expect(message.tokenServiceType == "com.apple.watch.pairing")
        #expect(message.tokenParameters["PhoneUDID"] == .string(udid))
        #expect(try parse(data).messageType == "GetToken")
    }

    // MARK: Writing

    @Test("every message type written by Palisade (as the simulator would) parses back unchanged")
    func writtenMessagesRoundTrip() throws {
        let device = EnrollmentIdentity(enrollment: .device(UDID(udid)!))
        let user = EnrollmentIdentity(enrollment: .device(UDID(udid)!), user: UserChannelIdentity(
            userID: "A1B2C3D4-0000-1111-2222-333344445555", shortName: "jane", longName: "Jane Appleseed"
        ))
        let userEnrollment = EnrollmentIdentity(enrollment: .userEnrollment(enrollmentID: "E-1"), user: UserChannelIdentity(enrollmentUserID: "U-1"))
        let messages: [CheckinMessage] = [
            .authenticate(AuthenticateMessage(identity: device, topic: topic, osVersion: "17.5.1", buildVersion: "21F90",
                                              productName: "iPhone15,2", serialNumber: "F2LXJ0ABCDEF", imei: "35 000000 000000 0")),
            .tokenUpdate(TokenUpdateMessage(identity: device, topic: topic, token: Data(repeating: 1, count: 32), pushMagic: "magic",
                                            unlockToken: Data([1, 2]), awaitingConfiguration: true)),
            .tokenUpdate(TokenUpdateMessage(identity: user, topic: topic, token: Data([9]), pushMagic: "magic", notOnConsole: true)),
            .tokenUpdate(TokenUpdateMessage(identity: userEnrollment, topic: topic, token: Data([9]), pushMagic: "magic")),
            .checkOut(CheckOutMessage(identity: device, topic: topic)),
            .setBootstrapToken(SetBootstrapTokenMessage(identity: device, bootstrapToken: Data([5]))),
            .getBootstrapToken(GetBootstrapTokenMessage(identity: device, awaitingConfiguration: true)),
            .declarativeManagement(DeclarativeManagementMessage(identity: device, endpoint: .declaration(kind: .management, identifier: "org.x"))),
            .userAuthenticate(UserAuthenticateMessage(identity: user, digestResponse: "d")),
            .getToken(GetTokenMessage(identity: device, tokenServiceType: GetTokenMessage.managedAppleAccountService, tokenParameters: ["A": .string("b")])),
        ]
        for message in messages {
            #expect(try CheckinMessage.parse(message.body()) == message, "\(message.messageType)")
        }
    }

    // MARK: Replies

    @Test("replies: bootstrap token, token data, UserAuthenticate (410 to decline) and DDM JSON passthrough")
    func replies() throws {
        func decoded(_ reply: CheckinReply) throws -> PropertyListValue {
            try PropertyListValue(foundationObject: PropertyListSerialization.propertyList(from: reply.body, format: nil))
        }
        #expect(try decoded(.bootstrapToken(Data([9, 9]))) == .dictionary(["BootstrapToken": .data(Data([9, 9]))]))
        #expect(try decoded(.bootstrapToken(nil)) == .dictionary([:]))
        #expect(try decoded(.token(Data("abc".utf8))) == .dictionary(["TokenData": .data(Data("abc".utf8))]))
        #expect(CheckinReply.userAuthenticate(.decline) == CheckinReply(status: 410))
        #expect(try decoded(.userAuthenticate(.noPasswordRequired)) == .dictionary(["DigestChallenge": .string("")]))
        #expect(try decoded(.userAuthenticate(.challenge("c"))) == .dictionary(["DigestChallenge": .string("c")]))
        #expect(try decoded(.userAuthenticate(.authenticated(authToken: "t"))) == .dictionary(["AuthToken": .string("t")]))
        #expect(try decoded(.userAuthenticate(.passwordRejected)) == .dictionary(["AuthToken": .string("")]))
        let json = Data("{\"SyncTokens\":{}}".utf8)
        #expect(CheckinReply.declarativeManagement(json: json) == CheckinReply(status: 200, contentType: "application/json", body: json))
        #expect(CheckinReply.accepted.status == 200 && CheckinReply.accepted.body.isEmpty)
    }
}
