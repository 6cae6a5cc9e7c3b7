import Foundation

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
        let digits = Array(hex.utf8)
        guard digits.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = Self.nibble(digits[index]), let low = Self.nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        self.bytes = bytes
    }

    /// Lower-case hexadecimal, the form APNs expects in `/3/device/<token>`.
    public var hex: String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Only a prefix, so logs can correlate pushes without carrying whole device identifiers.
    public var description: String {
        let shown = hex.prefix(8)
        return bytes.count > 4 ? "\(shown)…(\(bytes.count) bytes)" : String(shown)
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
