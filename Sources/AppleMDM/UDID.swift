/// An Apple device's unique device identifier, kept exactly as the device sent it.
///
/// Accepts the three forms devices use: 40 hexadecimal digits (older iPhone and iPad), 8 + 16 hexadecimal
/// digits joined by a hyphen (`00008030-001A…`, devices with Apple silicon) and the 36-character UUID form (Mac,
/// Apple TV, virtual machines). Refuses anything else, so a UDID is always short, printable and safe as a key.
public struct UDID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: String

    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        let valid: Bool
        switch bytes.count {
        case 40:
            valid = bytes.allSatisfy(Self.isHexDigit)
        case 25:
            valid = Self.matches(bytes, groups: [8, 16])
        case 36:
            valid = Self.matches(bytes, groups: [8, 4, 4, 4, 12])
        default:
            valid = false
        }
        guard valid else { return nil }
        rawValue = text
    }

    public var description: String { rawValue }

    public static func < (lhs: UDID, rhs: UDID) -> Bool { lhs.rawValue < rhs.rawValue }

    private static func matches(_ bytes: [UInt8], groups: [Int]) -> Bool {
        var index = 0
        for (number, length) in groups.enumerated() {
            if number > 0 {
                guard bytes[index] == UInt8(ascii: "-") else { return false }
                index += 1
            }
            guard bytes[index..<index + length].allSatisfy(isHexDigit) else { return false }
            index += length
        }
        return index == bytes.count
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"), UInt8(ascii: "A")...UInt8(ascii: "F"): true
        default: false
        }
    }
}
