import Foundation
import PalisadeCore
import Testing
@testable import AppleMDM

private let uuid = UUID(uuidString: "0F6A3F4E-8F2B-4C47-9C1B-6E4C1B2D3A4F")!

/// Every builder, with the keys its command must carry.
private func builtCommands() throws -> [(MDMCommand, Set<String>)] {
    [
        (MDMCommand.deviceInformation(uuid: uuid), ["Queries"]),
        (MDMCommand.securityInfo(uuid: uuid), []),
        (MDMCommand.profileList(managedOnly: true, uuid: uuid), ["ManagedOnly"]),
        (MDMCommand.installProfile(Data("<plist/>".utf8), uuid: uuid), ["Payload"]),
        (MDMCommand.removeProfile(identifier: "com.example.wifi", uuid: uuid), ["Identifier"]),
        (MDMCommand.certificateList(uuid: uuid), []),
        (MDMCommand.installedApplicationList(identifiers: ["com.example.app"], managedAppsOnly: true, uuid: uuid), ["Identifiers", "ManagedAppsOnly"]),
        (MDMCommand.managedApplicationList(uuid: uuid), []),
        (try MDMCommand.installApplication(.appStore(iTunesStoreID: 361309726), managementFlags: 1, purchaseMethod: 1, uuid: uuid),
         ["iTunesStoreID", "ManagementFlags", "Options"]),
        (try MDMCommand.installApplication(.bundleIdentifier("com.example.app"), uuid: uuid), ["Identifier"]),
        (try MDMCommand.installApplication(.manifest(URL(string: "https://apps.example.com/app.plist")!), uuid: uuid), ["ManifestURL"]),
        (MDMCommand.removeApplication(identifier: "com.example.app", uuid: uuid), ["Identifier"]),
        (try MDMCommand.deviceLock(message: "Call IT", phoneNumber: "+44 20 7946 0000", pin: "123456", uuid: uuid), ["Message", "PhoneNumber", "PIN"]),
        (try MDMCommand.eraseDevice(pin: "654321", preserveDataPlan: true, disallowProximitySetup: true, obliterationBehavior: .doNotObliterate,
                                    returnToService: ReturnToServiceConfiguration(wiFiProfileData: Data([1]), mdmProfileData: Data([2])), uuid: uuid),
         ["PIN", "PreserveDataPlan", "DisallowProximitySetup", "ObliterationBehavior", "ReturnToService"]),
        (try MDMCommand.clearPasscode(unlockToken: Data([1, 2, 3]), uuid: uuid), ["UnlockToken"]),
        (try MDMCommand.enableLostMode(message: "Lost", phoneNumber: "+1 555 0100", footnote: "Reward", uuid: uuid), ["Message", "PhoneNumber", "Footnote"]),
        (MDMCommand.deviceLocation(uuid: uuid), []),
        (MDMCommand.playLostModeSound(uuid: uuid), []),
        (MDMCommand.disableLostMode(uuid: uuid), []),
        (MDMCommand.restrictions(profileRestrictions: true, uuid: uuid), ["ProfileRestrictions"]),
        (MDMCommand.scheduleOSUpdate([OSUpdateInstruction(productVersion: "17.5.1", installAction: .installASAP),
                                      OSUpdateInstruction(productKey: "iOSUpdate21F90", installAction: .installLater, maxUserDeferrals: 3)], uuid: uuid),
         ["Updates"]),
        (MDMCommand.availableOSUpdates(uuid: uuid), []),
        (MDMCommand.osUpdateStatus(uuid: uuid), []),
        (MDMCommand.settings([["Item": .string("DeviceName"), "DeviceName": .string("Finance iPad 12")],
                              ["Item": .string("Bluetooth"), "Enabled": .bool(false)]], uuid: uuid), ["Settings"]),
        (MDMCommand.deviceConfigured(uuid: uuid), []),
        (MDMCommand.declarativeManagement(data: Data("{}".utf8), uuid: uuid), ["Data"]),
        (MDMCommand(requestType: "RestartDevice", parameters: ["NotifyUser": .bool(true)], uuid: uuid), ["NotifyUser"]),
    ]
}

@Suite("MDM commands")
struct MDMCommandTests {
    @Test("every builder's output parses back with PropertyListSerialization with its RequestType, UUID and keys")
    func buildersRoundTrip() throws {
        for (command, keys) in try builtCommands() {
            let object = try PropertyListSerialization.propertyList(from: command.wireData(), format: nil)
            let top = try #require(object as? [String: Any], "\(command.requestType)")
            #expect(Set(top.keys) == ["Command", "CommandUUID"])
            #expect(top["CommandUUID"] as? String == "0f6a3f4e-8f2b-4c47-9c1b-6e4c1b2d3a4f")
            let inner = try #require(top["Command"] as? [String: Any])
            #expect(inner["RequestType"] as? String == command.requestType)
            #expect(Set(inner.keys) == keys.union(["RequestType"]), "\(command.requestType)")
            // The decoded tree equals what was built, so nothing is lost or retyped on the wire.
            #expect(try PropertyListValue(foundationObject: object) == command.propertyList, "\(command.requestType)")
            // Palisade's writer also satisfies Palisade's own guard.
            #expect(try PropertyListGuard().decode(command.wireData()) == command.propertyList)
        }
    }

    @Test("every builder's parameters satisfy Apple's schema, checked through the admin path")
    func buildersMatchSchema() throws {
        for (command, _) in try builtCommands() where CommandPayloadSchema.named(command.requestType) != nil {
            let payload = PropertyListValue.dictionary(command.parameters).jsonValue
            let rebuilt = try MDMCommand.fromAdminRequest(requestType: command.requestType, payload: payload, uuid: uuid)
            #expect(rebuilt == command, "\(command.requestType)")
        }
    }

    @Test("the default DeviceInformation queries cover inventory")
    func defaultQueries() throws {
        let queries = MDMCommand.defaultDeviceInformationQueries
        for query in ["OSVersion", "BuildVersion", "ProductName", "Model", "ModelName", "DeviceName", "SerialNumber", "IMEI", "MEID",
                      "UDID", "IsSupervised", "IsDeviceLocatorServiceEnabled", "IsActivationLockEnabled", "BatteryLevel",
                      "AvailableDeviceCapacity", "DeviceCapacity", "WiFiMAC", "BluetoothMAC", "IsMDMLostModeEnabled",
                      "SupplementalBuildVersion", "SupplementalOSVersionExtra", "IsMultiUser", "EASDeviceIdentifier"] {
            #expect(queries.contains(query), "\(query)")
        }
        #expect(Set(queries).count == queries.count)
    }

    @Test("builders refuse what Apple's prose forbids")
    func builderRules() {
        #expect(throws: CommandPayloadError.invalidValue(key: "PIN", reason: "must be six digits")) { try MDMCommand.deviceLock(pin: "12ab56") }
        #expect(throws: CommandPayloadError.invalidValue(key: "PIN", reason: "must be six digits")) { try MDMCommand.eraseDevice(pin: "1234567") }
        #expect(throws: CommandPayloadError.needsOneOf(keys: ["Message", "PhoneNumber"], requestType: "EnableLostMode")) {
            try MDMCommand.enableLostMode(footnote: "only a footnote")
        }
        #expect(throws: CommandPayloadError.invalidValue(key: "ManifestURL", reason: "must be an https URL")) {
            try MDMCommand.installApplication(.manifest(URL(string: "http://apps.example.com/app.plist")!))
        }
        #expect(throws: CommandPayloadError.invalidValue(key: "UnlockToken", reason: "must not be empty")) { try MDMCommand.clearPasscode(unlockToken: Data()) }
    }

    @Test("strings are escaped on the wire and a RequestType parameter cannot override the command's")
    func escaping() throws {
        let command = MDMCommand(requestType: "DeviceLock", parameters: [
            "Message": .string("<b>&amp;</b>\r\n]]>"), "RequestType": .string("EraseDevice"),
        ])
        let object = try #require(try PropertyListSerialization.propertyList(from: command.wireData(), format: nil) as? [String: Any])
        let inner = try #require(object["Command"] as? [String: Any])
        #expect(inner["Message"] as? String == "<b>&amp;</b>\r\n]]>")
        #expect(inner["RequestType"] as? String == "DeviceLock")
    }

    // MARK: Admin requests

    @Test("an admin DeviceLock with an unknown key is refused, naming the key and the allowed ones")
    func adminUnknownKey() {
        let payload = JSONValue.object(["Message": .string("Call IT"), "Pin": .string("123456")])
        #expect(throws: CommandPayloadError.unknownKey(key: "Pin", requestType: "DeviceLock", allowed: ["Message", "PhoneNumber", "PIN"])) {
            try MDMCommand.fromAdminRequest(requestType: "DeviceLock", payload: payload, uuid: uuid)
        }
        let error = CommandPayloadError.unknownKey(key: "Pin", requestType: "DeviceLock", allowed: ["Message", "PhoneNumber", "PIN"])
        #expect(error.description == "unknown key 'Pin' for DeviceLock; allowed keys: Message, PhoneNumber, PIN")
    }

    @Test("an admin DeviceLock with valid keys becomes the wire command")
    func adminValidDeviceLock() throws {
        let payload = JSONValue.object(["Message": .string("Call IT"), "PhoneNumber": .string("+44 20 7946 0000"), "PIN": .string("123456")])
        let command = try MDMCommand.fromAdminRequest(requestType: "DeviceLock", payload: payload, uuid: uuid)
        #expect(command == (try MDMCommand.deviceLock(message: "Call IT", phoneNumber: "+44 20 7946 0000", pin: "123456", uuid: uuid)))
        #expect(try MDMCommand.fromAdminRequest(requestType: "DeviceLock", payload: .object([:]), uuid: uuid).parameters.isEmpty)
        #expect(try MDMCommand.fromAdminRequest(requestType: "DeviceLock", payload: .null, uuid: uuid).parameters.isEmpty)
    }

    @Test("admin payloads with wrong types, missing keys or values outside the range list are refused")
    func adminTypeChecks() {
        func request(_ type: String, _ payload: [String: JSONValue]) throws -> MDMCommand {
            try MDMCommand.fromAdminRequest(requestType: type, payload: .object(payload), uuid: uuid)
        }
        #expect(throws: CommandPayloadError.wrongType(key: "Message", expected: "a string")) { try request("DeviceLock", ["Message": .number(1)]) }
        #expect(throws: CommandPayloadError.wrongType(key: "Message", expected: "string, not null")) { try request("DeviceLock", ["Message": .null]) }
        #expect(throws: CommandPayloadError.invalidValue(key: "PIN", reason: "must be six digits")) { try request("DeviceLock", ["PIN": .string("12")]) }
        #expect(throws: CommandPayloadError.wrongType(key: "Queries", expected: "an array")) { try request("DeviceInformation", ["Queries": .string("UDID")]) }
        #expect(throws: CommandPayloadError.wrongType(key: "Queries[1]", expected: "a string")) {
            try request("DeviceInformation", ["Queries": .array([.string("UDID"), .bool(true)])])
        }
        #expect(throws: CommandPayloadError.missingKey(key: "ReturnToService.Enabled", requestType: "EraseDevice")) {
            try request("EraseDevice", ["ReturnToService": .object([:])])
        }
        #expect(throws: CommandPayloadError.wrongType(key: "ReturnToService.MDMProfileData", expected: "base64 text")) {
            try request("EraseDevice", ["ReturnToService": .object(["Enabled": .bool(true), "MDMProfileData": .string("not base64!")])])
        }
        #expect(throws: CommandPayloadError.valueNotAllowed(key: "ObliterationBehavior", allowed: ["Default", "DoNotObliterate", "ObliterateWithWarning", "Always"])) {
            try request("EraseDevice", ["ObliterationBehavior": .string("Sometimes")])
        }
        #expect(throws: CommandPayloadError.wrongType(key: "ManagementFlags", expected: "a whole number")) {
            try request("InstallApplication", ["iTunesStoreID": .number(1), "ManagementFlags": .number(1.5)])
        }
        #expect(throws: CommandPayloadError.valueNotAllowed(key: "Updates[0].InstallAction", allowed: ["Default", "DownloadOnly", "InstallASAP", "NotifyOnly", "InstallLater", "InstallForceRestart"])) {
            try request("ScheduleOSUpdate", ["Updates": .array([.object(["InstallAction": .string("Now")])])])
        }
        #expect(throws: CommandPayloadError.unknownKey(key: "Anything", requestType: "DeviceLocation", allowed: [])) {
            try request("DeviceLocation", ["Anything": .bool(true)])
        }
        #expect(throws: CommandPayloadError.invalidValue(key: "Message", reason: "must not contain control characters")) {
            try request("DeviceLock", ["Message": .string("a\u{0}b")])
        }
        #expect(throws: CommandPayloadError.needsExactlyOneOf(keys: ["iTunesStoreID", "Identifier", "ManifestURL"], requestType: "InstallApplication")) {
            try request("InstallApplication", ["iTunesStoreID": .number(1), "Identifier": .string("com.example.app")])
        }
        #expect(throws: CommandPayloadError.needsOneOf(keys: ["Message", "PhoneNumber"], requestType: "EnableLostMode")) {
            try request("EnableLostMode", ["Footnote": .string("x")])
        }
    }

    @Test("DeviceInformation without Queries, as the server queues it at enrolment, asks for the default queries")
    func adminDefaultQueries() throws {
        let command = try MDMCommand.fromAdminRequest(requestType: "DeviceInformation", payload: .object([:]), uuid: uuid)
        #expect(command == MDMCommand.deviceInformation(uuid: uuid))
    }

    @Test("admin data fields take base64 and become property-list data")
    func adminData() throws {
        let command = try MDMCommand.fromAdminRequest(
            requestType: "InstallProfile", payload: .object(["Payload": .string(Data("profile".utf8).base64EncodedString())]), uuid: uuid
        )
        #expect(command.parameters["Payload"] == .data(Data("profile".utf8)))
    }

    @Test("Settings items are checked against the variant their Item names")
    func adminSettings() throws {
        func settings(_ items: [JSONValue]) throws -> MDMCommand {
            try MDMCommand.fromAdminRequest(requestType: "Settings", payload: .object(["Settings": .array(items)]), uuid: uuid)
        }
        let command = try settings([
            .object(["Item": .string("DeviceName"), "DeviceName": .string("Finance iPad 12")]),
            .object(["Item": .string("ApplicationConfiguration"), "Identifier": .string("com.example.app"),
                     "Configuration": .object(["ServerURL": .string("https://example.com"), "Retries": .number(3)])]),
        ])
        let items = try #require(command.parameters["Settings"]?.arrayValue)
        #expect(items[1]["Configuration"]?["Retries"] == .integer(3))
        #expect(throws: CommandPayloadError.self) { try settings([.object(["Item": .string("Nope")])]) }
        #expect(throws: CommandPayloadError.unknownKey(key: "Settings[0].Enabled", requestType: "Settings", allowed: ["Item", "DeviceName"])) {
            try settings([.object(["Item": .string("DeviceName"), "DeviceName": .string("x"), "Enabled": .bool(true)])])
        }
        #expect(throws: CommandPayloadError.missingKey(key: "Settings[0].Enabled", requestType: "Settings")) {
            try settings([.object(["Item": .string("Bluetooth")])])
        }
    }

    @Test("unknown request types pass through with JSON types mapped to property-list types")
    func adminPassthrough() throws {
        let payload = JSONValue.object([
            "Text": .string("s"), "Whole": .number(3), "Fraction": .number(1.5), "Flag": .bool(true),
            "List": .array([.number(1), .string("two")]), "Nested": .object(["Inner": .bool(false)]),
        ])
        let command = try MDMCommand.fromAdminRequest(requestType: "FutureCommand", payload: payload, uuid: uuid)
        #expect(command.parameters == [
            "Text": .string("s"), "Whole": .integer(3), "Fraction": .real(1.5), "Flag": .bool(true),
            "List": .array([.integer(1), .string("two")]), "Nested": .dictionary(["Inner": .bool(false)]),
        ])
        #expect(throws: CommandPayloadError.wrongType(key: "Nested.Gone", expected: "a value (a property list has no null)")) {
            try MDMCommand.fromAdminRequest(requestType: "FutureCommand", payload: .object(["Nested": .object(["Gone": .null])]), uuid: uuid)
        }
        var deep = JSONValue.bool(true)
        for _ in 0..<100 { deep = .array([deep]) }
        #expect(throws: CommandPayloadError.self) {
            try MDMCommand.fromAdminRequest(requestType: "FutureCommand", payload: .object(["Deep": deep]), uuid: uuid)
        }
    }

    @Test("admin requests with a bad request type, a non-object payload or reserved keys are refused")
    func adminShape() {
        #expect(throws: CommandPayloadError.self) { try MDMCommand.fromAdminRequest(requestType: "Device Lock", payload: .null, uuid: uuid) }
        #expect(throws: CommandPayloadError.notAnObject) { try MDMCommand.fromAdminRequest(requestType: "DeviceLock", payload: .array([]), uuid: uuid) }
        #expect(throws: CommandPayloadError.reservedKey("RequestType")) {
            try MDMCommand.fromAdminRequest(requestType: "DeviceLock", payload: .object(["RequestType": .string("EraseDevice")]), uuid: uuid)
        }
        #expect(throws: CommandPayloadError.reservedKey("CommandUUID")) {
            try MDMCommand.fromAdminRequest(requestType: "FutureCommand", payload: .object(["CommandUUID": .string("x")]), uuid: uuid)
        }
    }

    @Test("the compiled schema covers Apple's command set")
    func schemaCatalog() throws {
        let known = CommandPayloadSchema.knownRequestTypes
        #expect(known.count == 66)
        for type in ["DeviceInformation", "SecurityInfo", "ProfileList", "InstallProfile", "RemoveProfile", "CertificateList",
                     "InstalledApplicationList", "ManagedApplicationList", "InstallApplication", "RemoveApplication", "DeviceLock",
                     "EraseDevice", "ClearPasscode", "EnableLostMode", "DeviceLocation", "PlayLostModeSound", "DisableLostMode",
                     "Restrictions", "ScheduleOSUpdate", "AvailableOSUpdates", "OSUpdateStatus", "Settings", "DeviceConfigured",
                     "DeclarativeManagement"] {
            #expect(known.contains(type), "\(type)")
        }
        let lock = try #require(CommandPayloadSchema.named("DeviceLock"))
        #expect(lock.parameters.keys.map(\.name) == ["Message", "PhoneNumber", "PIN"])
        #expect(lock.parameters.otherKeys == nil)
        #expect(CommandPayloadSchema.named("ClearPasscode")?.parameters.key(named: "UnlockToken") == CommandKeySchema("UnlockToken", required: true, .data))
    }
}
