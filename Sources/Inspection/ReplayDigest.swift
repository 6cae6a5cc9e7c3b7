import Crypto
import Foundation
import PalisadeCore

/// The SHA-256 of a signed message — its `Mdm-Signature` value, a zero byte, then its body — the key `ReplayGuard`
/// remembers. Signature and body together, so a device that sends the same Idle body twice, signed twice, is not a
/// replay; the same bytes and signature sent again are.
public struct ReplayDigest: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    public init(signature: String, body: Data) {
        var hasher = SHA256()
        // Hashed in place: the signature is a few kilobytes on every request, not worth copying into a `Data`.
        var signature = signature
        signature.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        hasher.update(data: Data([0]))
        hasher.update(data: body)
        bytes = Array(hasher.finalize())
    }

    public var description: String { Hex.encode(bytes) }
}
