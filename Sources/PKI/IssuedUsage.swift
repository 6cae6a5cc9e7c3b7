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

extension IssuedUsage {
    /// A TLS server certificate for `hostnames`: names with a letter (and no colon) become DNS names, the rest
    /// IP addresses.
    public static func tlsServer(hostnames: [String]) -> IssuedUsage {
        .tlsServer(dnsNames: hostnames.filter(isDNSName), ipAddresses: hostnames.filter { !isDNSName($0) })
    }

    /// Whether `hostname` goes in a certificate as a DNS name rather than an IP address.
    public static func isDNSName(_ hostname: String) -> Bool {
        !hostname.contains(":") && hostname.rangeOfCharacter(from: .letters) != nil
    }
}
