/// The server's side of the macOS `UserAuthenticate` handshake, as Apple's Device Management documentation
/// describes it:
///
/// - to the first request, 200 with a `DigestChallenge`; an empty challenge means no password is needed;
/// - to decline managing the user, HTTP 410 Gone to the first request — the device then makes no more requests for
///   that user until the next login;
/// - to the second request, 200 with an `AuthToken` the device sends on later user-channel requests, or an empty
///   `AuthToken` when the password was wrong.
///
/// Palisade does not manage macOS network users, so its default answer is `.decline`.
public enum UserAuthenticateReply: Sendable, Hashable {
    case decline
    case noPasswordRequired
    case challenge(String)
    case authenticated(authToken: String)
    case passwordRejected
}
