/// Something about a device's reported patch state that is wrong, doubtful or unknown. The device is still
/// judged on what can be judged; findings say what could not be, and why.
public enum PatchFinding: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The maker and model are not in the catalogue: support cannot be judged until an administrator adds them.
    case unknownModel(maker: String?, model: String?)
    /// The device reported no patch level or OS build.
    case noPatchReported
    /// The Android security patch level is not a date (`2024-3`, `March 2024`, `2024-02-30`).
    case malformedPatchLevel(String, reason: String)
    /// A patch level later than today.
    case patchLevelInFuture(CalendarDay)
    /// A patch level before the first bulletin (August 2015): no such level exists.
    case patchLevelBeforeFirstBulletin(CalendarDay)
    /// A level later than the model's support lets it have: the maker stopped shipping before that bulletin.
    /// Claimed levels can overstate what a phone really contains (SRLabs, 2018).
    case patchLevelBeyondSupport(CalendarDay, supportEnded: CalendarDay)
    /// The iOS build and version are not in the SOFA feed.
    case unknownAppleBuild(version: String?, build: String?)
    /// The iOS build is one Apple did not make for this model.
    case buildNotForModel(build: String, model: String)

    public var description: String {
        switch self {
        case .unknownModel(let maker, let model): "model \(maker ?? "?") \(model ?? "?") is not in the catalogue; add it or its maker's commitment"
        case .noPatchReported: "no patch level or OS build reported yet"
        case .malformedPatchLevel(let text, let reason): "security patch level '\(text)' cannot be read: \(reason)"
        case .patchLevelInFuture(let day): "reports patch level \(day), later than today"
        case .patchLevelBeforeFirstBulletin(let day): "reports patch level \(day), before the first Android bulletin (2015-08)"
        case .patchLevelBeyondSupport(let day, let ended): "reports patch level \(day), but its model's support ended \(ended)"
        case .unknownAppleBuild(let version, let build): "iOS \(version ?? "?") (\(build ?? "?")) is not a release the catalogue knows"
        case .buildNotForModel(let build, let model): "build \(build) was not released for \(model)"
        }
    }

    /// Whether the device claims something it cannot have: a level that is not a bulletin, or one its model never got.
    public var isImplausibleClaim: Bool {
        switch self {
        case .patchLevelInFuture, .patchLevelBeforeFirstBulletin, .patchLevelBeyondSupport, .buildNotForModel: true
        default: false
        }
    }

    private enum CodingKeys: String, CodingKey { case kind, message }

    public var kind: String {
        switch self {
        case .unknownModel: "unknownModel"
        case .noPatchReported: "noPatchReported"
        case .malformedPatchLevel: "malformedPatchLevel"
        case .patchLevelInFuture: "patchLevelInFuture"
        case .patchLevelBeforeFirstBulletin: "patchLevelBeforeFirstBulletin"
        case .patchLevelBeyondSupport: "patchLevelBeyondSupport"
        case .unknownAppleBuild: "unknownAppleBuild"
        case .buildNotForModel: "buildNotForModel"
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(description, forKey: .message)
    }

    public init(from decoder: any Decoder) throws {
        throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "findings are reported, not read"))
    }
}
