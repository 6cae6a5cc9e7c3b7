import Foundation

/// Enrolment invitations and their one-time challenges.
public protocol InvitationStore: Sendable {
    func createInvitation(_ invitation: EnrollmentInvitation) async throws
    func invitation(_ id: String) async throws -> EnrollmentInvitation?
    /// Spends the challenge with this digest, atomically: returns the invitation if it was open at `date`, and
    /// `nil` if it is unknown, spent or expired. Two requests racing with one challenge: one wins.
    func spendChallenge(digest: String, at date: Date) async throws -> EnrollmentInvitation?
}
