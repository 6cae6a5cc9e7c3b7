/// `Authenticate`: the first check-in of an enrolment, before the device has a push token. The server answers 200
/// to accept the device or 403 to refuse it (never 401, which makes a device drop its enrolment).
///
/// Per Apple's schema only `MessageType` and `Topic` are required everywhere; `DeviceName`, `Model` and
/// `ModelName` are marked required but are sent by macOS only, so they are optional here. Refuses user-channel keys:
/// Authenticate exists on the device channel alone.
public struct AuthenticateMessage: Sendable, Hashable {
    public var identity: EnrollmentIdentity
    /// The APNs topic the device subscribes to; it must match the server's push certificate.
    public var topic: String
    public var osVersion: String?
    public var buildVersion: String?
    /// The model identifier, such as `iPhone15,2` or `iMac14,2`.
    public var productName: String?
    public var serialNumber: String?
    public var imei: String?
    public var meid: String?
    public var deviceName: String?
    public var model: String?
    public var modelName: String?

    public init(
        identity: EnrollmentIdentity, topic: String, osVersion: String? = nil, buildVersion: String? = nil,
        productName: String? = nil, serialNumber: String? = nil, imei: String? = nil, meid: String? = nil,
        deviceName: String? = nil, model: String? = nil, modelName: String? = nil
    ) {
        self.identity = identity
        self.topic = topic
        self.osVersion = osVersion
        self.buildVersion = buildVersion
        self.productName = productName
        self.serialNumber = serialNumber
        self.imei = imei
        self.meid = meid
        self.deviceName = deviceName
        self.model = model
        self.modelName = modelName
    }

    var propertyListEntries: [String: PropertyListValue] {
        var entries = identity.propertyListEntries
        entries["Topic"] = .string(topic)
        let optional: [String: String?] = [
            "OSVersion": osVersion, "BuildVersion": buildVersion, "ProductName": productName, "SerialNumber": serialNumber,
            "IMEI": imei, "MEID": meid, "DeviceName": deviceName, "Model": model, "ModelName": modelName,
        ]
        for (key, value) in optional { if let value { entries[key] = .string(value) } }
        return entries
    }

    init(reader: PropertyListDictionaryReader) throws(DeviceMessageError) {
        identity = try EnrollmentIdentity.read(from: reader, allowingUserChannel: false)
        topic = try reader.string("Topic", CheckinMessage.topicRule)
        osVersion = try reader.optionalString("OSVersion", CheckinMessage.shortTextRule)
        buildVersion = try reader.optionalString("BuildVersion", CheckinMessage.shortTextRule)
        productName = try reader.optionalString("ProductName", CheckinMessage.shortTextRule)
        serialNumber = try reader.optionalString("SerialNumber", CheckinMessage.shortTextRule)
        imei = try reader.optionalString("IMEI", CheckinMessage.shortTextRule)
        meid = try reader.optionalString("MEID", CheckinMessage.shortTextRule)
        deviceName = try reader.optionalString("DeviceName", CheckinMessage.nameRule)
        model = try reader.optionalString("Model", CheckinMessage.shortTextRule)
        modelName = try reader.optionalString("ModelName", CheckinMessage.shortTextRule)
    }
}
