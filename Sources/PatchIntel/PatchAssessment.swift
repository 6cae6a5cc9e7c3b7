import PalisadeCore

/// How exposed one device is: how old its patch is, what it has missed, how long its support lasts.
public struct PatchAssessment: Sendable, Hashable, Encodable {
    public var deviceID: DeviceID
    public var platform: Platform
    /// The catalogue's name for the model, when known.
    public var model: String?
    /// The patch the device has: its Android security patch level, or the release date of its iOS build.
    public var currentPatch: CalendarDay?
    /// The newest patch its model could have today: the latest bulletin with fixes (before its support ended),
    /// or the newest iOS release made for it.
    public var newestAvailable: CalendarDay?
    /// Days between the two; 0 when current.
    public var patchAgeDays: Int?
    /// Bulletins with fixes (Android) or security releases (iOS) published since its patch.
    public var bulletinsMissed: Int?
    /// Actively exploited CVEs fixed after its build and so still open on it (iOS; Android bulletins do not say).
    public var exploitedCVEs: [String]
    public var modelSupport: SupportEnd?
    public var osSupport: SupportEnd?
    /// Days until the earlier of model and OS support ends; negative once ended; nil when no end is published.
    public var supportDaysLeft: Int?
    public var lifecycle: Lifecycle
    public var findings: [PatchFinding]

    /// Whether the device still gets security fixes.
    public enum Lifecycle: String, Sendable, Hashable, Codable {
        case supported
        /// The model's or the OS version's support has ended.
        case endOfLife
        /// Neither the model nor the OS version is in the catalogue.
        case unknown
    }
}
