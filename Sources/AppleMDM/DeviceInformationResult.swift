import Foundation

/// The `QueryResponses` of a `DeviceInformation` result, with the answers Palisade uses typed and every answer kept
/// in `queryResponses`.
///
/// Every query is optional: devices answer only what they have and what their access rights allow. A present
/// answer of the wrong type is refused with the key named; answers that reach inventory must also be printable
/// text of at most 256 characters.
public struct DeviceInformationResult: Sendable, Hashable {
    public var udid: String?
    public var deviceName: String?
    public var osVersion: String?
    public var buildVersion: String?
    /// The build including any Rapid Security Response; equal to `buildVersion` when none is installed.
    public var supplementalBuildVersion: String?
    /// The Rapid Security Response letter, such as `(a)`.
    public var supplementalOSVersionExtra: String?
    /// The model identifier, such as `iPhone15,2`.
    public var productName: String?
    /// On iOS the order number (`MQ9X3LL/A`); on macOS the model identifier.
    public var model: String?
    /// The marketing family, such as `iPhone`.
    public var modelName: String?
    public var modelNumber: String?
    public var serialNumber: String?
    public var imei: String?
    public var meid: String?
    public var deviceCapacity: Double?
    public var availableDeviceCapacity: Double?
    public var batteryLevel: Double?
    public var cellularTechnology: Int64?
    public var isSupervised: Bool?
    public var isMultiUser: Bool?
    public var isDeviceLocatorServiceEnabled: Bool?
    public var isActivationLockEnabled: Bool?
    public var isCloudBackupEnabled: Bool?
    public var isMDMLostModeEnabled: Bool?
    public var isAppleSilicon: Bool?
    public var isRoaming: Bool?
    public var awaitingConfiguration: Bool?
    public var lastCloudBackupDate: Date?
    public var wiFiMAC: String?
    public var bluetoothMAC: String?
    public var ethernetMAC: String?
    public var easDeviceIdentifier: String?
    public var iccid: String?
    public var phoneNumber: String?
    public var currentCarrierNetwork: String?
    public var timeZone: String?
    public var hostName: String?
    public var localHostName: String?
    public var softwareUpdateDeviceID: String?
    /// Every answer, including those not typed above.
    public var queryResponses: [String: PropertyListValue]

    public init(report: CommandResultReport) throws(DeviceMessageError) {
        try self.init(propertyList: report.result)
    }

    /// Reads a whole `DeviceInformation` result dictionary.
    public init(propertyList: PropertyListValue) throws(DeviceMessageError) {
        let responses = try PropertyListDictionaryReader(propertyList).dictionary("QueryResponses")
        let text = TextRule.displayText(maximumLength: 256)
        udid = try responses.optionalString("UDID", text)
        deviceName = try responses.optionalString("DeviceName", text)
        osVersion = try responses.optionalString("OSVersion", text)
        buildVersion = try responses.optionalString("BuildVersion", text)
        supplementalBuildVersion = try responses.optionalString("SupplementalBuildVersion", text)
        supplementalOSVersionExtra = try responses.optionalString("SupplementalOSVersionExtra", text)
        productName = try responses.optionalString("ProductName", text)
        model = try responses.optionalString("Model", text)
        modelName = try responses.optionalString("ModelName", text)
        modelNumber = try responses.optionalString("ModelNumber", text)
        serialNumber = try responses.optionalString("SerialNumber", text)
        imei = try responses.optionalString("IMEI", text)
        meid = try responses.optionalString("MEID", text)
        deviceCapacity = try responses.optionalReal("DeviceCapacity")
        availableDeviceCapacity = try responses.optionalReal("AvailableDeviceCapacity")
        batteryLevel = try responses.optionalReal("BatteryLevel")
        cellularTechnology = try responses.optionalInteger("CellularTechnology")
        isSupervised = try responses.optionalBool("IsSupervised")
        isMultiUser = try responses.optionalBool("IsMultiUser")
        isDeviceLocatorServiceEnabled = try responses.optionalBool("IsDeviceLocatorServiceEnabled")
        isActivationLockEnabled = try responses.optionalBool("IsActivationLockEnabled")
        isCloudBackupEnabled = try responses.optionalBool("IsCloudBackupEnabled")
        isMDMLostModeEnabled = try responses.optionalBool("IsMDMLostModeEnabled")
        isAppleSilicon = try responses.optionalBool("IsAppleSilicon")
        isRoaming = try responses.optionalBool("IsRoaming")
        awaitingConfiguration = try responses.optionalBool("AwaitingConfiguration")
        lastCloudBackupDate = try responses.optionalDate("LastCloudBackupDate")
        wiFiMAC = try responses.optionalString("WiFiMAC")
        bluetoothMAC = try responses.optionalString("BluetoothMAC")
        ethernetMAC = try responses.optionalString("EthernetMAC")
        easDeviceIdentifier = try responses.optionalString("EASDeviceIdentifier")
        iccid = try responses.optionalString("ICCID")
        phoneNumber = try responses.optionalString("PhoneNumber")
        currentCarrierNetwork = try responses.optionalString("CurrentCarrierNetwork")
        timeZone = try responses.optionalString("TimeZone")
        hostName = try responses.optionalString("HostName")
        localHostName = try responses.optionalString("LocalHostName")
        softwareUpdateDeviceID = try responses.optionalString("SoftwareUpdateDeviceID")
        queryResponses = responses.entries
    }
}
