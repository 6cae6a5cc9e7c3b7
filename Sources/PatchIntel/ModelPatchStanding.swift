/// How much of the fleet's share of one model is behind: the number a buyer reads beside the model's lag.
public struct ModelPatchStanding: Sendable, Hashable {
    public var key: ModelKey
    /// Devices of the model assessed.
    public var devices: Int
    /// Those with a patch that could be judged: a device that reported none, or one that cannot be read, says
    /// nothing about how fast the model gets patches.
    public var judged: Int
    /// Judged devices that are behind.
    public var behind: Int

    public init(key: ModelKey, devices: Int, judged: Int, behind: Int) {
        self.key = key
        self.devices = devices
        self.judged = judged
        self.behind = behind
    }

    /// `behind / judged`; nil when no device could be judged.
    public var shareBehind: Double? { judged == 0 ? nil : Double(behind) / Double(judged) }
}
