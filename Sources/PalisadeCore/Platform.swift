/// The operating-system family of a managed device; it decides which protocol manages it.
public enum Platform: String, Codable, Sendable, CaseIterable, Hashable {
    /// iOS and iPadOS, managed through Apple's MDM protocol.
    case ios
    /// Android, managed through Google's Android Management API.
    case android
}
