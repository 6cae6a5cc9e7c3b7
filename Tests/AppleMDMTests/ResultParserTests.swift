import Foundation
import PalisadeCore
import Testing
@testable import AppleMDM

private let udid = "00008030-001A1C2E0C38802E"

/// A result report as a device would send it, run through the guard and the report parser.
private func result(_ requestType: String, _ entries: [String: PropertyListValue]) throws -> CommandResultReport {
    var all = entries
    all["Status"] = .string("Acknowledged")
    all["UDID"] = .string(udid)
    all["CommandUUID"] = .string("6f1d7e3a-0000-4000-8000-000000000001")
    all["RequestType"] = .string(requestType)
    return try CommandResultReport.parse(PropertyListValue.dictionary(all).xmlDocument())
}

private let fullQueryResponses: [String: PropertyListValue] = [
    "UDID": .string(udid), "DeviceName": .string("Finance iPhone 7"), "OSVersion": .string("17.5.1"),
    "BuildVersion": .string("21F90"), "SupplementalBuildVersion": .string("21F90a"), "SupplementalOSVersionExtra": .string("(a)"),
    "ProductName": .string("iPhone15,2"), "Model": .string("MQ9X3LL/A"), "ModelName": .string("iPhone"), "ModelNumber": .string("MQ9X3"),
    "SerialNumber": .string("F2LXJ0ABCDEF"), "IMEI": .string("35 000000 000000 0"), "MEID": .string(""),
    "DeviceCapacity": .real(119.1), "AvailableDeviceCapacity": .integer(64), "BatteryLevel": .real(0.83),
    "IsSupervised": .bool(true), "IsMultiUser": .bool(false), "IsDeviceLocatorServiceEnabled": .bool(true),
    "IsActivationLockEnabled": .bool(false), "IsMDMLostModeEnabled": .bool(false), "IsCloudBackupEnabled": .bool(false),
    "WiFiMAC": .string("a4:83:e7:00:00:01"), "BluetoothMAC": .string("a4:83:e7:00:00:02"), "EASDeviceIdentifier": .string("EAS1"),
    "CellularTechnology": .integer(3), "LastCloudBackupDate": .date(Date(timeIntervalSince1970: 1_700_000_000)),
    "OSUpdateSettings": .dictionary(["AutoCheckEnabled": .bool(true)]),
]

@Suite("Typed result parsers")
struct ResultParserTests {
    @Test("DeviceInformation: typed answers, all answers kept, an integer accepted where a real is expected")
    func deviceInformation() throws {
        let info = try DeviceInformationResult(report: try result("DeviceInformation", ["QueryResponses": .dictionary(fullQueryResponses)]))
        #expect(info.udid == udid)
        #expect(info.osVersion == "17.5.1")
        #expect(info.productName == "iPhone15,2")
        #expect(info.model == "MQ9X3LL/A")
        #expect(info.deviceCapacity == 119.1)
        #expect(info.availableDeviceCapacity == 64)
        #expect(info.batteryLevel == 0.83)
        #expect(info.isSupervised == true)
        #expect(info.cellularTechnology == 3)
        #expect(info.lastCloudBackupDate == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(info.wiFiMAC == "a4:83:e7:00:00:01")
        #expect(info.queryResponses["OSUpdateSettings"]?["AutoCheckEnabled"] == .bool(true))
        #expect(info.hostName == nil)
    }

    @Test("DeviceInformation refuses wrong types naming the key, and a result without QueryResponses")
    func deviceInformationRefusals() throws {
        var wrong = fullQueryResponses
        wrong["OSVersion"] = .integer(17)
        #expect(throws: DeviceMessageError.wrongType(key: "QueryResponses.OSVersion", expected: .string, found: .integer)) {
            try DeviceInformationResult(report: try result("DeviceInformation", ["QueryResponses": .dictionary(wrong)]))
        }
        wrong = fullQueryResponses
        wrong["IsSupervised"] = .string("true")
        #expect(throws: DeviceMessageError.wrongType(key: "QueryResponses.IsSupervised", expected: .bool, found: .string)) {
            try DeviceInformationResult(report: try result("DeviceInformation", ["QueryResponses": .dictionary(wrong)]))
        }
        wrong = fullQueryResponses
        wrong["DeviceName"] = .string("iPad\u{202E}")
        #expect(throws: DeviceMessageError.invalidValue(key: "QueryResponses.DeviceName", reason: "must be at most 256 characters without control characters")) {
            try DeviceInformationResult(report: try result("DeviceInformation", ["QueryResponses": .dictionary(wrong)]))
        }
        #expect(throws: DeviceMessageError.missingKey("QueryResponses")) { try DeviceInformationResult(report: try result("DeviceInformation", [:])) }
        #expect(throws: DeviceMessageError.wrongType(key: "QueryResponses", expected: .dictionary, found: .array)) {
            try DeviceInformationResult(report: try result("DeviceInformation", ["QueryResponses": .array([])]))
        }
    }

    @Test("SecurityInfo")
    func securityInfo() throws {
        let info = try SecurityInfoResult(report: try result("SecurityInfo", ["SecurityInfo": .dictionary([
            "HardwareEncryptionCaps": .integer(3), "PasscodePresent": .bool(true), "PasscodeCompliant": .bool(true),
            "PasscodeCompliantWithProfiles": .bool(false), "AutoLockTime": .integer(60),
            "ManagementStatus": .dictionary(["EnrolledViaDEP": .bool(true), "UserApprovedEnrollment": .bool(true), "IsUserEnrollment": .bool(false)]),
            "FirewallSettings": .dictionary(["FirewallEnabled": .bool(true)]), "SecureBoot": .dictionary(["SecureBootLevel": .string("full")]),
        ])]))
        #expect(info.isDataProtectionActive == true)
        #expect(info.passcodeCompliantWithProfiles == false)
        #expect(info.enrolledViaDEP == true)
        #expect(info.firewallEnabled == true)
        #expect(info.secureBootLevel == "full")
        #expect(info.autoLockTime == 60)
        #expect(throws: DeviceMessageError.wrongType(key: "SecurityInfo.ManagementStatus.EnrolledViaDEP", expected: .bool, found: .integer)) {
            try SecurityInfoResult(report: try result("SecurityInfo", ["SecurityInfo": .dictionary(["ManagementStatus": .dictionary(["EnrolledViaDEP": .integer(1)])])]))
        }
        #expect(throws: DeviceMessageError.missingKey("SecurityInfo")) { try SecurityInfoResult(report: try result("SecurityInfo", [:])) }
    }

    @Test("ProfileList")
    func profileList() throws {
        let list = try InstalledProfileListResult(report: try result("ProfileList", ["ProfileList": .array([
            .dictionary([
                "PayloadIdentifier": .string("com.example.mdm"), "PayloadUUID": .string("B1C2"), "PayloadVersion": .integer(1),
                "PayloadDisplayName": .string("MDM"), "IsManaged": .bool(true), "PayloadRemovalDisallowed": .bool(true),
                "SignerCertificates": .array([.data(Data([0x30, 0x82]))]),
                "PayloadContent": .array([.dictionary([
                    "PayloadType": .string("com.apple.mdm"), "PayloadIdentifier": .string("com.example.mdm.payload"),
                    "PayloadUUID": .string("C3D4"), "PayloadVersion": .integer(1),
                ])]),
            ]),
            .dictionary(["PayloadIdentifier": .string("com.example.wifi"), "PayloadUUID": .string("E5F6")]),
        ])]))
        #expect(list.profiles.count == 2)
        #expect(list.profiles[0].payloadContent.first?.payloadType == "com.apple.mdm")
        #expect(list.profiles[0].signerCertificates == [Data([0x30, 0x82])])
        #expect(list.profiles[1].payloadContent.isEmpty)
        #expect(throws: DeviceMessageError.wrongType(key: "ProfileList[0].PayloadVersion", expected: .integer, found: .string)) {
            try InstalledProfileListResult(report: try result("ProfileList", ["ProfileList": .array([.dictionary([
                "PayloadIdentifier": .string("a"), "PayloadUUID": .string("b"), "PayloadVersion": .string("1"),
            ])])]))
        }
        #expect(throws: DeviceMessageError.missingKey("ProfileList[0].PayloadUUID")) {
            try InstalledProfileListResult(report: try result("ProfileList", ["ProfileList": .array([.dictionary(["PayloadIdentifier": .string("a")])])]))
        }
    }

    @Test("CertificateList")
    func certificateList() throws {
        let list = try CertificateListResult(report: try result("CertificateList", ["CertificateList": .array([
            .dictionary(["CommonName": .string("Device Identity"), "IsIdentity": .bool(true), "Data": .data(Data([1, 2]))]),
            .dictionary(["Data": .data(Data([3]))]),
        ])]))
        #expect(list.certificates.map(\.isIdentity) == [true, false])
        #expect(list.certificates[1].commonName == nil)
        #expect(throws: DeviceMessageError.missingKey("CertificateList[0].Data")) {
            try CertificateListResult(report: try result("CertificateList", ["CertificateList": .array([.dictionary(["CommonName": .string("x")])])]))
        }
    }

    @Test("InstalledApplicationList and ManagedApplicationList")
    func applications() throws {
        let installed = try InstalledApplicationListResult(report: try result("InstalledApplicationList", ["InstalledApplicationList": .array([
            .dictionary(["Identifier": .string("com.example.app"), "Name": .string("Example"), "ShortVersion": .string("2.1"),
                         "BundleSize": .integer(12_345_678), "IsValidated": .bool(true)]),
        ])]))
        #expect(installed.applications.first?.identifier == "com.example.app")
        #expect(installed.applications.first?.bundleSize == 12_345_678)
        #expect(throws: DeviceMessageError.wrongType(key: "InstalledApplicationList[0].BundleSize", expected: .integer, found: .real)) {
            try InstalledApplicationListResult(report: try result("InstalledApplicationList", ["InstalledApplicationList": .array([.dictionary(["BundleSize": .real(1.5)])])]))
        }
        let managed = try ManagedApplicationListResult(report: try result("ManagedApplicationList", ["ManagedApplicationList": .dictionary([
            "com.example.app": .dictionary(["Status": .string("Managed"), "ManagementFlags": .integer(1), "HasConfiguration": .bool(false)]),
        ])]))
        #expect(managed.applications["com.example.app"]?.status == "Managed")
        #expect(throws: DeviceMessageError.missingKey("ManagedApplicationList.com.example.app.Status")) {
            try ManagedApplicationListResult(report: try result("ManagedApplicationList", ["ManagedApplicationList": .dictionary(["com.example.app": .dictionary([:])])]))
        }
    }

    @Test("AvailableOSUpdates and OSUpdateStatus")
    func osUpdates() throws {
        let available = try AvailableOSUpdatesResult(report: try result("AvailableOSUpdates", ["AvailableOSUpdates": .array([
            .dictionary(["ProductKey": .string("iOSUpdate21F90"), "HumanReadableName": .string("iOS 17.5.1"), "Version": .string("17.5.1"),
                         "Build": .string("21F90"), "IsCritical": .bool(false), "IsSecurityResponse": .bool(false), "DownloadSize": .integer(500),
                         "AppIdentifiersToClose": .array([.string("com.example.app")])]),
        ])]))
        #expect(available.updates.first?.version == "17.5.1")
        #expect(available.updates.first?.appIdentifiersToClose == ["com.example.app"])
        #expect(throws: DeviceMessageError.wrongType(key: "AvailableOSUpdates[0].AppIdentifiersToClose[0]", expected: .string, found: .integer)) {
            try AvailableOSUpdatesResult(report: try result("AvailableOSUpdates", ["AvailableOSUpdates": .array([
                .dictionary(["ProductKey": .string("k"), "AppIdentifiersToClose": .array([.integer(1)])]),
            ])]))
        }
        let status = try OSUpdateStatusResult(report: try result("OSUpdateStatus", ["OSUpdateStatus": .array([
            .dictionary(["ProductKey": .string("iOSUpdate21F90"), "Status": .string("Downloading"), "IsDownloaded": .bool(false),
                         "DownloadPercentComplete": .real(0.25)]),
        ])]))
        #expect(status.updates.first?.downloadPercentComplete == 0.25)
        #expect(throws: DeviceMessageError.missingKey("OSUpdateStatus[0].Status")) {
            try OSUpdateStatusResult(report: try result("OSUpdateStatus", ["OSUpdateStatus": .array([.dictionary(["ProductKey": .string("k")])])]))
        }
    }

    @Test("DeviceLocation")
    func deviceLocation() throws {
        let location = try DeviceLocationResult(report: try result("DeviceLocation", [
            "Latitude": .real(51.5072), "Longitude": .real(-0.1276), "HorizontalAccuracy": .real(5), "VerticalAccuracy": .real(3),
            "Altitude": .real(11), "Speed": .real(0), "Course": .real(-1), "Timestamp": .string("2026-11-26T09:00:00Z"),
        ]))
        #expect(location.latitude == 51.5072)
        #expect(location.timestampDate == RFC3339Date.parse("2026-11-26T09:00:00Z"))
        #expect(throws: DeviceMessageError.invalidValue(key: "Latitude", reason: "must be between -90 and 90")) {
            try DeviceLocationResult(report: try result("DeviceLocation", ["Latitude": .real(91), "Longitude": .real(0)]))
        }
        #expect(throws: DeviceMessageError.wrongType(key: "Longitude", expected: .real, found: .string)) {
            try DeviceLocationResult(report: try result("DeviceLocation", ["Latitude": .real(1), "Longitude": .string("0")]))
        }
    }
}
