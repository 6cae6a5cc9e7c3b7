import Foundation

/// Apple enrolments: identity binding, push coordinates, sealed tokens.
public protocol AppleEnrollmentStore: Sendable {
    func appleEnrollment(_ enrollmentID: String) async throws -> AppleEnrollment?
    /// Inserts or replaces the enrolment with this enrolment ID.
    func saveAppleEnrollment(_ enrollment: AppleEnrollment) async throws
    /// The enrolment an identity certificate is bound to, if any: a certificate serves one enrolment only.
    func appleEnrollment(boundTo fingerprint: String) async throws -> AppleEnrollment?
    /// Live (not checked out) enrolments of a device, for pushing.
    func appleEnrollments(of device: DeviceID) async throws -> [AppleEnrollment]
    /// Inserts or replaces a user channel of an enrolment (throws `notFound` if the enrolment is unknown).
    func saveAppleUserChannel(_ channel: AppleUserChannel) async throws
    func appleUserChannels(of enrollmentID: String) async throws -> [AppleUserChannel]
    /// Marks every enrolment holding this token as needing a new one (Apple answered 410).
    func markPushTokenInvalid(_ token: Data) async throws
}
