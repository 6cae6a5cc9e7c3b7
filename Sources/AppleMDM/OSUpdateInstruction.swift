/// One entry of `ScheduleOSUpdate`'s `Updates`: which update (by product key or version; neither means the latest
/// the device is offered) and what to do with it.
public struct OSUpdateInstruction: Sendable, Hashable {
    public var productKey: String?
    public var productVersion: String?
    public var installAction: OSUpdateInstallAction
    /// macOS: how many times the user may defer an `InstallLater` update.
    public var maxUserDeferrals: Int?

    public init(productKey: String? = nil, productVersion: String? = nil, installAction: OSUpdateInstallAction, maxUserDeferrals: Int? = nil) {
        self.productKey = productKey
        self.productVersion = productVersion
        self.installAction = installAction
        self.maxUserDeferrals = maxUserDeferrals
    }

    var propertyList: PropertyListValue {
        var entries: [String: PropertyListValue] = ["InstallAction": .string(installAction.rawValue)]
        if let productKey { entries["ProductKey"] = .string(productKey) }
        if let productVersion { entries["ProductVersion"] = .string(productVersion) }
        if let maxUserDeferrals { entries["MaxUserDeferrals"] = .integer(Int64(maxUserDeferrals)) }
        return .dictionary(entries)
    }
}
