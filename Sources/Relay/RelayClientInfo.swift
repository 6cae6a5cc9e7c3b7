import Foundation
import HTTPTypes

/// What the edge saw of a device's connection, carried to the core in `X-Palisade-*` headers on the relayed
/// request.
///
/// The edge removes every `X-Palisade-*` header a device sends before adding its own, and the core reads these
/// headers only on requests that arrived over the relay link (never on its own listener), so a device cannot claim
/// another device's certificate by sending the header itself.
public struct RelayClientInfo: Sendable, Hashable {
    /// The peer address of the device's TCP connection.
    public var address: String?
    /// The negotiated TLS version, such as `TLSv1.3`.
    public var tlsVersion: String?
    /// The DER of the client certificate the device presented in the TLS handshake, if any.
    public var certificateDER: [UInt8]?

    public init(address: String? = nil, tlsVersion: String? = nil, certificateDER: [UInt8]? = nil) {
        self.address = address
        self.tlsVersion = tlsVersion
        self.certificateDER = certificateDER
    }

    public static let addressHeader = HTTPField.Name("X-Palisade-Client-Address")!
    public static let tlsVersionHeader = HTTPField.Name("X-Palisade-TLS-Version")!
    public static let certificateHeader = HTTPField.Name("X-Palisade-Client-Certificate")!

    /// Whether a header is one of the relay's own, which only the edge may set.
    public static func isRelayHeader(_ name: HTTPField.Name) -> Bool {
        name.canonicalName.hasPrefix("x-palisade-")
    }

    /// Removes every relay header from `fields` and adds this information.
    public func replacingRelayHeaders(in fields: HTTPFields) -> HTTPFields {
        var result = HTTPFields()
        for field in fields where !Self.isRelayHeader(field.name) { result.append(field) }
        if let address { result[Self.addressHeader] = address }
        if let tlsVersion { result[Self.tlsVersionHeader] = tlsVersion }
        if let certificateDER { result[Self.certificateHeader] = Data(certificateDER).base64EncodedString() }
        return result
    }

    /// Reads what the edge wrote. Call only for requests that came over the relay link.
    public init(relayedHeaders fields: HTTPFields) {
        address = fields[Self.addressHeader]
        tlsVersion = fields[Self.tlsVersionHeader]
        certificateDER = fields[Self.certificateHeader].flatMap { Data(base64Encoded: $0) }.map { [UInt8]($0) }
    }
}
