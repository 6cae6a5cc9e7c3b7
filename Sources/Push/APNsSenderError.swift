import Foundation

/// Why an `APNsSender` could not be built: each case says what to fix before pushes can flow.
public enum APNsSenderError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The endpoint URL is not `https://host[:port]`.
    case endpointNotHTTPS(String)
    /// The push certificate's validity has ended; APNs would refuse the TLS handshake.
    case certificateExpired(notValidAfter: Date)
    /// A trust root could not be handed to TLS.
    case trustRootUnusable(String)
    /// The push certificate or key could not be handed to TLS.
    case clientIdentityUnusable(String)
    /// A setting is out of range (for example zero concurrent requests).
    case invalidConfiguration(String)

    public var description: String {
        switch self {
        case .endpointNotHTTPS(let url):
            return "APNs endpoint \(url) is not an https URL with a host"
        case .certificateExpired(let date):
            return "the MDM push certificate expired on \(date); renew it at Apple's Push Certificates Portal with the same Apple ID"
        case .trustRootUnusable(let detail):
            return "a trust root for APNs could not be loaded: \(detail)"
        case .clientIdentityUnusable(let detail):
            return "the push certificate or its key could not be loaded for TLS: \(detail)"
        case .invalidConfiguration(let detail):
            return "invalid APNs sender configuration: \(detail)"
        }
    }
}
