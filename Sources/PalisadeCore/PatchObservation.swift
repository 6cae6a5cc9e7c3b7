import Foundation

/// When devices of one model first reported one patch level, and how many distinct devices have reported it:
/// the raw material for measuring how long each maker takes to ship a patch to each model.
public struct PatchObservation: Codable, Sendable, Hashable {
    public var platform: Platform
    /// The maker as reported ("Apple", "Google", "samsung").
    public var maker: String
    /// The maker's model identifier (`iPhone15,2`, `Pixel 8`).
    public var model: String
    /// Android's security patch level (`YYYY-MM-DD`) or an Apple OS build (`22H352`).
    public var level: String
    /// The earliest time any device of this model reported this level.
    public var firstReportedAt: Date
    /// How many distinct devices have reported this level for this model.
    public var deviceCount: Int

    public init(platform: Platform, maker: String, model: String, level: String, firstReportedAt: Date, deviceCount: Int) {
        self.platform = platform
        self.maker = maker
        self.model = model
        self.level = level
        self.firstReportedAt = firstReportedAt
        self.deviceCount = deviceCount
    }
}
