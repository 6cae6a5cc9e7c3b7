import Foundation

/// What a certificate issued by Palisade's CA is for; decides its key usage and extended key usage.
public enum IssuedUsage: Sendable, Hashable {
    /// A device's MDM identity (SCEP): signs check-in messages and authenticates TLS clients.
    case deviceIdentity
    /// A TLS server certificate for the device listener, for these DNS names and IP addresses.
    case tlsServer(dnsNames: [String], ipAddresses: [String])
    /// Signs enrolment profiles (`.mobileconfig`).
    case profileSigning
}
