import Foundation

/// Apple enrolments: identity binding, push coordinates, sealed tokens.
public protocol AppleEnrollmentStore: Sendable {
    func appleEnrollment(_ enrollmentID: String) async throws -> AppleEnrollment?
    /// Inserts or replaces the enrolment with this enrolment ID.
    func saveAppleEnrollment(_ enrollment: AppleEnrollment) async throws
    /// Live (not checked out) enrolments of a device, for pushing.
    func appleEnrollments(of device: DeviceID) async throws -> [AppleEnrollment]
    /// Marks every enrolment holding this token as needing a new one (Apple answered 410).
    func markPushTokenInvalid(_ token: Data) async throws
}
