/// Whether an enrolment link is usable, as the admin API reports it and a download is answered.
public enum EnrollmentLinkState: String, Sendable, Hashable, Codable, CaseIterable {
    case open
    /// Every use is taken: as many devices enrolled as the link allows.
    case usedUp
    case expired
    case revoked
}
