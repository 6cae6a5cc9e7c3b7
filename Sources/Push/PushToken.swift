import Foundation
import PalisadeCore

/// A device's push token for the MDM topic, exactly the bytes the device sent in its TokenUpdate.
///
/// The length is not assumed: Apple has never promised 32 bytes, so any non-empty byte string is kept as
/// given and hex-encoded only when it goes into an APNs request path. It refuses nothing at construction;
/// `init?(hex:)` refuses text that is not whole bytes of hexadecimal.
public struct PushToken: Hashable, Sendable, CustomStringConvertible {
    /// The raw token bytes.
    public let bytes: [UInt8]

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    public init(_ data: Data) {
        self.bytes = Array(data)
    }

    /// Reads a token written as hexadecimal (either case); `nil` for odd length or a non-hex character.
    public init?(hex: String) {
        guard let bytes = Hex.decode(hex) else { return nil }
        self.bytes = bytes
    }

    /// Lower-case hexadecimal, the form APNs expects in `/3/device/<token>`.
    public var hex: String { Hex.encode(bytes) }

    /// Only a prefix, so logs can correlate pushes without carrying whole device identifiers.
    public var description: String {
        let shown = hex.prefix(8)
        return bytes.count > 4 ? "\(shown)…(\(bytes.count) bytes)" : String(shown)
    }
}
