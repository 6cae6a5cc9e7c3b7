/// Where a device stands in its management life.
public enum EnrollmentState: String, Codable, Sendable, CaseIterable, Hashable {
    /// Registered by an administrator (say by serial number) but not yet enrolled.
    case pending
    /// Enrolled and reachable through its management channel.
    case enrolled
    /// Removed from management, by the user or the organisation; kept for the record.
    case unenrolled
}
