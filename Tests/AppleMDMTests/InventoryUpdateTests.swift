import Foundation
import PalisadeCore
import Testing
@testable import AppleMDM

@Suite("Inventory updates")
struct InventoryUpdateTests {
    @Test("the DeviceInformation capture, after its device's Authenticate, leaves the device as DeviceInformation.1.txt says")
    func deviceInformationCapture() throws {
        guard case .authenticate(let hello) = try CheckinMessage.parse(try FixtureFiles.data("Authenticate.2.plist")) else {
            Issue.record("not Authenticate")
            return
        }
        let report = try CommandResultReport.parse(try FixtureFiles.data("DeviceInformation.1.plist"))
        let information = try DeviceInformationResult(report: report)
        // The capture answers only HostName and UDID; the other facts came from the same device's Authenticate.
        #expect(information.udid == hello.identity.enrollment.rawValue)
        #expect(information.hostName == "fruit.example.com")

        var device = Device(platform: .ios, createdAt: Date(timeIntervalSince1970: 0))
        InventoryUpdate(authenticate: hello).apply(to: &device)
        InventoryUpdate(deviceInformation: information).apply(to: &device)

        let expected = try FixtureFiles.expectations("DeviceInformation.1.txt")
        #expect(device.osBuild == expected["BuildVersion"])
        #expect(device.osVersion == expected["OSVersion"])
        #expect(device.model == expected["ProductName"])
        #expect(device.hardwareID == "66ADE930-5FDF-5EC4-8429-15640684C489")
        #expect(device.name == "Fruit")
        #expect(device.serialNumber == "C02MT66KFLHH")
        #expect(device.maker == "Apple")
    }

    @Test("a full DeviceInformation sets every inventory field, preferring the model identifier and the supplemental build")
    func fullDeviceInformation() throws {
        let result = try DeviceInformationResult(propertyList: .dictionary(["QueryResponses": .dictionary([
            "UDID": .string("00008030-001A1C2E0C38802E"), "DeviceName": .string("Finance iPhone 7"), "OSVersion": .string("17.5.1"),
            "BuildVersion": .string("21F90"), "SupplementalBuildVersion": .string("21F90a"), "ProductName": .string("iPhone15,2"),
            "Model": .string("MQ9X3LL/A"), "SerialNumber": .string("F2LXJ0ABCDEF"), "IMEI": .string("35 000000 000000 0"),
        ])]))
        let device = InventoryUpdate(deviceInformation: result).applied(to: Device(platform: .ios, createdAt: Date()))
        #expect(device.name == "Finance iPhone 7")
        #expect(device.model == "iPhone15,2")
        #expect(device.osVersion == "17.5.1")
        #expect(device.osBuild == "21F90a")
        #expect(device.serialNumber == "F2LXJ0ABCDEF")
        #expect(device.imei == "35 000000 000000 0")
        #expect(device.hardwareID == "00008030-001A1C2E0C38802E")
        #expect(device.maker == "Apple")
    }

    @Test("facts a device did not report, or reported empty, leave stored values alone")
    func missingFactsKept() throws {
        var device = Device(platform: .ios, name: "Kept", model: "iPad13,1", osVersion: "16.0", imei: "35 111111 111111 1", createdAt: Date())
        let result = try DeviceInformationResult(propertyList: .dictionary(["QueryResponses": .dictionary([
            "OSVersion": .string("17.0"), "IMEI": .string(""),
        ])]))
        InventoryUpdate(deviceInformation: result).apply(to: &device)
        #expect(device.osVersion == "17.0")
        #expect(device.name == "Kept")
        #expect(device.model == "iPad13,1")
        #expect(device.imei == "35 111111 111111 1")
    }
}
