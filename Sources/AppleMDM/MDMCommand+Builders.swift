import Foundation

extension MDMCommand {
    /// The queries Palisade asks for by default: what inventory, patch intelligence and compliance need. Devices
    /// leave out what they do not have (no IMEI on a Wi-Fi iPad) or what their access rights withhold.
    public static let defaultDeviceInformationQueries: [String] = [
        "UDID", "DeviceName", "OSVersion", "BuildVersion", "SupplementalBuildVersion", "SupplementalOSVersionExtra",
        "ProductName", "Model", "ModelName", "ModelNumber", "SerialNumber", "IMEI", "MEID", "DeviceCapacity",
        "AvailableDeviceCapacity", "BatteryLevel", "IsSupervised", "IsMultiUser", "IsDeviceLocatorServiceEnabled",
        "IsActivationLockEnabled", "IsCloudBackupEnabled", "IsMDMLostModeEnabled", "IsAppleSilicon", "WiFiMAC",
        "BluetoothMAC", "EthernetMAC", "EASDeviceIdentifier", "ICCID", "CurrentCarrierNetwork", "PhoneNumber",
        "IsRoaming", "TimeZone", "AwaitingConfiguration", "HostName", "LocalHostName", "OSUpdateSettings",
        "SoftwareUpdateDeviceID", "ServiceSubscriptions",
    ]

    // MARK: Inventory

    public static func deviceInformation(queries: [String] = defaultDeviceInformationQueries, uuid: UUID = UUID()) -> MDMCommand {
        MDMCommand(requestType: "DeviceInformation", parameters: ["Queries": .array(queries.map(PropertyListValue.string))], uuid: uuid)
    }

    public static func securityInfo(uuid: UUID = UUID()) -> MDMCommand {
        MDMCommand(requestType: "SecurityInfo", uuid: uuid)
    }

    public static func profileList(managedOnly: Bool? = nil, uuid: UUID = UUID()) -> MDMCommand {
        MDMCommand(requestType: "ProfileList", parameters: optional(["ManagedOnly": managedOnly.map(PropertyListValue.bool)]), uuid: uuid)
    }

    public static func certificateList(managedOnly: Bool? = nil, uuid: UUID = UUID()) -> MDMCommand {
        MDMCommand(requestType: "CertificateList", parameters: optional(["ManagedOnly": managedOnly.map(PropertyListValue.bool)]), uuid: uuid)
    }

    public static func installedApplicationList(identifiers: [String]? = nil, managedAppsOnly: Bool? = nil, uuid: UUID = UUID()) -> MDMCommand {
        MDMCommand(
            requestType: "InstalledApplicationList",
            parameters: optional([
                "Identifiers": identifiers.map { .array($0.map(PropertyListValue.string)) },
                "ManagedAppsOnly": managedAppsOnly.map(PropertyListValue.bool),
            ]),
            uuid: uuid
        )
    }

    public static func managedApplicationList(identifiers: [String]? = nil, uuid: UUID = UUID()) -> MDMCommand {
        MDMCommand(
            requestType: "ManagedApplicationList",
            parameters: optional(["Identifiers": identifiers.map { .array($0.map(PropertyListValue.string)) }]),
            uuid: uuid
        )
    }

    public static func availableOSUpdates(uuid: UUID = UUID()) -> MDMCommand {
        MDMCommand(requestType: "AvailableOSUpdates", uuid: uuid)
    }

    public static func osUpdateStatus(uuid: UUID = UUID()) -> MDMCommand {
        MDMCommand(requestType: "OSUpdateStatus", uuid: uuid)
    }

    /// The restrictions in force; with `profileRestrictions` also which profile sets each one.
    public static func restrictions(profileRestrictions: Bool? = nil, uuid: UUID = UUID()) -> MDMCommand {
        MDMCommand(
            requestType: "Restrictions",
            parameters: optional(["ProfileRestrictions": profileRestrictions.map(PropertyListValue.bool)]),
            uuid: uuid
        )
    }

    // MARK: Profiles and apps

    /// `payload` is the `.mobileconfig` as it should reach the device (usually CMS-signed).
    public static func installProfile(_ payload: Data, uuid: UUID = UUID()) -> MDMCommand {
        MDMCommand(requestType: "InstallProfile", parameters: ["Payload": .data(payload)], uuid: uuid)
    }

    public static func removeProfile(identifier: String, uuid: UUID = UUID()) -> MDMCommand {
        MDMCommand(requestType: "RemoveProfile", parameters: ["Identifier": .string(identifier)], uuid: uuid)
    }

    /// Refuses a manifest URL that is not https.
    /// - Parameters:
    ///   - managementFlags: 1 removes the app when management ends, 4 prevents backing up its data.
    ///   - purchaseMethod: 1 installs with a volume-purchased licence, 0 the legacy way.
    public static func installApplication(
        _ source: ApplicationSource, managementFlags: Int? = nil, purchaseMethod: Int? = nil,
        configuration: [String: PropertyListValue]? = nil, uuid: UUID = UUID()
    ) throws(CommandPayloadError) -> MDMCommand {
        var parameters = optional([
            "ManagementFlags": managementFlags.map { .integer(Int64($0)) },
            "Options": purchaseMethod.map { .dictionary(["PurchaseMethod": .integer(Int64($0))]) },
            "Configuration": configuration.map(PropertyListValue.dictionary),
        ])
        switch source {
        case .appStore(let iTunesStoreID): parameters["iTunesStoreID"] = .integer(iTunesStoreID)
        case .bundleIdentifier(let identifier): parameters["Identifier"] = .string(identifier)
        case .manifest(let url): parameters["ManifestURL"] = .string(url.absoluteString)
        }
        return try checked("InstallApplication", parameters, uuid)
    }

    public static func removeApplication(identifier: String, uuid: UUID = UUID()) -> MDMCommand {
        MDMCommand(requestType: "RemoveApplication", parameters: ["Identifier": .string(identifier)], uuid: uuid)
    }

    // MARK: Security (sensitive: the edge's command gate wants approvals for these)

    /// Refuses a `pin` that is not six digits (macOS Find My PIN).
    public static func deviceLock(
        message: String? = nil, phoneNumber: String? = nil, pin: String? = nil, uuid: UUID = UUID()
    ) throws(CommandPayloadError) -> MDMCommand {
        try checked("DeviceLock", optional([
            "Message": message.map(PropertyListValue.string),
            "PhoneNumber": phoneNumber.map(PropertyListValue.string),
            "PIN": pin.map(PropertyListValue.string),
        ]), uuid)
    }

    /// Refuses a `pin` that is not six digits (macOS Find My PIN).
    public static func eraseDevice(
        pin: String? = nil, preserveDataPlan: Bool? = nil, disallowProximitySetup: Bool? = nil,
        obliterationBehavior: EraseObliterationBehavior? = nil, returnToService: ReturnToServiceConfiguration? = nil,
        uuid: UUID = UUID()
    ) throws(CommandPayloadError) -> MDMCommand {
        try checked("EraseDevice", optional([
            "PIN": pin.map(PropertyListValue.string),
            "PreserveDataPlan": preserveDataPlan.map(PropertyListValue.bool),
            "DisallowProximitySetup": disallowProximitySetup.map(PropertyListValue.bool),
            "ObliterationBehavior": obliterationBehavior.map { .string($0.rawValue) },
            "ReturnToService": returnToService?.propertyList,
        ]), uuid)
    }

    /// `unlockToken` is the one the device sent in `TokenUpdate`; refuses an empty one.
    public static func clearPasscode(unlockToken: Data, uuid: UUID = UUID()) throws(CommandPayloadError) -> MDMCommand {
        try checked("ClearPasscode", ["UnlockToken": .data(unlockToken)], uuid)
    }

    /// Refuses a request with neither a message nor a phone number, as Apple requires one.
    public static func enableLostMode(
        message: String? = nil, phoneNumber: String? = nil, footnote: String? = nil, uuid: UUID = UUID()
    ) throws(CommandPayloadError) -> MDMCommand {
        try checked("EnableLostMode", optional([
            "Message": message.map(PropertyListValue.string),
            "PhoneNumber": phoneNumber.map(PropertyListValue.string),
            "Footnote": footnote.map(PropertyListValue.string),
        ]), uuid)
    }

    /// Answers only while the device is in Lost Mode.
    public static func deviceLocation(uuid: UUID = UUID()) -> MDMCommand {
        MDMCommand(requestType: "DeviceLocation", uuid: uuid)
    }

    public static func playLostModeSound(uuid: UUID = UUID()) -> MDMCommand {
        MDMCommand(requestType: "PlayLostModeSound", uuid: uuid)
    }

    public static func disableLostMode(uuid: UUID = UUID()) -> MDMCommand {
        MDMCommand(requestType: "DisableLostMode", uuid: uuid)
    }

    // MARK: Updates, settings, setup, declarative

    public static func scheduleOSUpdate(_ updates: [OSUpdateInstruction], uuid: UUID = UUID()) -> MDMCommand {
        MDMCommand(requestType: "ScheduleOSUpdate", parameters: ["Updates": .array(updates.map(\.propertyList))], uuid: uuid)
    }

    /// Each item is one `Settings` dictionary with its `Item` key (`["Item": "DeviceName", "DeviceName": …]`).
    public static func settings(_ items: [[String: PropertyListValue]], uuid: UUID = UUID()) -> MDMCommand {
        MDMCommand(requestType: "Settings", parameters: ["Settings": .array(items.map(PropertyListValue.dictionary))], uuid: uuid)
    }

    /// Releases a device waiting in Setup Assistant (`AwaitingConfiguration`).
    public static func deviceConfigured(uuid: UUID = UUID()) -> MDMCommand {
        MDMCommand(requestType: "DeviceConfigured", uuid: uuid)
    }

    /// Starts Declarative Device Management; `data` is the optional JSON of the server's synchronization tokens.
    public static func declarativeManagement(data: Data? = nil, uuid: UUID = UUID()) -> MDMCommand {
        MDMCommand(requestType: "DeclarativeManagement", parameters: optional(["Data": data.map(PropertyListValue.data)]), uuid: uuid)
    }

    // MARK: Assembly

    private static func optional(_ entries: [String: PropertyListValue?]) -> [String: PropertyListValue] {
        entries.compactMapValues { $0 }
    }

    private static func checked(
        _ requestType: String, _ parameters: [String: PropertyListValue], _ uuid: UUID
    ) throws(CommandPayloadError) -> MDMCommand {
        try CommandParameterRules.check(requestType: requestType, parameters: parameters)
        return MDMCommand(requestType: requestType, parameters: parameters, uuid: uuid)
    }
}
