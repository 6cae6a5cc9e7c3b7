import Foundation

/// Realistic device messages the benchmarks time: what an iPhone sends, with the sizes real ones have.
enum SampleDeviceMessages {
    /// An Acknowledged DeviceInformation result with the default queries answered (about 1.7 KB).
    static func deviceInformationResult(udid: String) throws -> Data {
        let responses: [String: Any] = [
            "UDID": udid, "DeviceName": "iPhone 1", "OSVersion": "18.7.10", "BuildVersion": "22H6374", "ProductName": "iPhone15,2",
            "Model": "MQ9T3B/A", "ModelName": "iPhone", "SerialNumber": "F2LXK1ABCD", "IMEI": "356938035643809", "IsSupervised": true,
            "IsDeviceLocatorServiceEnabled": true, "IsActivationLockEnabled": false, "BatteryLevel": 0.82, "DeviceCapacity": 128.0,
            "AvailableDeviceCapacity": 71.5, "WiFiMAC": "f0:18:98:aa:bb:cc", "BluetoothMAC": "f0:18:98:aa:bb:cd",
            "EASDeviceIdentifier": "EASF2LXK1ABCD", "IsMDMLostModeEnabled": false, "IsMultiUser": false, "TimeZone": "Europe/London",
            "IsRoaming": false, "IsCloudBackupEnabled": false, "ModelNumber": "MQ9T3", "AwaitingConfiguration": false,
        ]
        return try PropertyListSerialization.data(fromPropertyList: [
            "UDID": udid, "Status": "Acknowledged", "CommandUUID": UUID().uuidString, "QueryResponses": responses,
        ], format: .xml, options: 0)
    }
}
