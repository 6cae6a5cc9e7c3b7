import PalisadeCore

/// What a device reported about its own protection, beside its patches: each nil until it was reported.
public struct DeviceSecurityState: Sendable, Hashable {
    public var passcodePresent: Bool?
    public var encrypted: Bool?
    public var supervised: Bool?
    /// Installed app identifiers; nil until the device has reported its apps.
    public var installedApps: Set<String>?

    public init(passcodePresent: Bool? = nil, encrypted: Bool? = nil, supervised: Bool? = nil, installedApps: Set<String>? = nil) {
        self.passcodePresent = passcodePresent
        self.encrypted = encrypted
        self.supervised = supervised
        self.installedApps = installedApps
    }
}
