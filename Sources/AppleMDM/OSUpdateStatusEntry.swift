import Foundation

/// The progress of one OS update on a device, as `OSUpdateStatus` reports it. `ProductKey` and `Status` are
/// required; Apple also marks `IsDownloaded` and `DownloadPercentComplete` required, but an idle update may omit
/// them, so they are optional here.
public struct OSUpdateStatusEntry: Sendable, Hashable {
    public var productKey: String
    /// `Idle`, `Downloading`, `Installing` and so on.
    public var status: String
    public var isDownloaded: Bool?
    /// 0.0 to 1.0.
    public var downloadPercentComplete: Double?
    public var maxDeferrals: Int64?
    public var deferralsRemaining: Int64?
    public var nextScheduledInstall: Date?

    init(reader: PropertyListDictionaryReader) throws(DeviceMessageError) {
        productKey = try reader.string("ProductKey")
        status = try reader.string("Status")
        isDownloaded = try reader.optionalBool("IsDownloaded")
        downloadPercentComplete = try reader.optionalReal("DownloadPercentComplete")
        maxDeferrals = try reader.optionalInteger("MaxDeferrals")
        deferralsRemaining = try reader.optionalInteger("DeferralsRemaining")
        nextScheduledInstall = try reader.optionalDate("NextScheduledInstall")
    }
}
