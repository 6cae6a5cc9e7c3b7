import Crypto
import Foundation
import NIOSSL

/// The SHA-256 digest of a relay peer's public key (its DER SubjectPublicKeyInfo), written `sha256:<base64>`.
///
/// The relay link trusts keys, not certificate authorities: an edge accepts only cores whose key it was given out
/// of band, and a core talks only to edges it was given the key of. A stolen CA key therefore cannot mint a
/// relay peer.
public struct RelayKeyPin: Sendable, Hashable, CustomStringConvertible, Codable {
    public let digest: [UInt8]

    static let prefix = "sha256:"

    /// Parses `sha256:<base64 of 32 bytes>`.
    public init(_ text: String) throws(RelayError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix(Self.prefix), let bytes = Data(base64Encoded: String(trimmed.dropFirst(Self.prefix.count))),
              bytes.count == SHA256.byteCount
        else { throw .malformedPin(text) }
        digest = [UInt8](bytes)
    }

    /// The pin of a key given as its DER SubjectPublicKeyInfo.
    public init(subjectPublicKeyInfo der: [UInt8]) {
        digest = Array(SHA256.hash(data: der))
    }

    /// The pin of the key in a certificate presented in a TLS handshake.
    public init(certificate: NIOSSLCertificate) throws {
        self.init(subjectPublicKeyInfo: try certificate.extractPublicKey().toSPKIBytes())
    }

    public var description: String { Self.prefix + Data(digest).base64EncodedString() }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
