/// The shapes of text Palisade accepts in identifier and label fields from devices, so that nothing unbounded or
/// unprintable reaches storage, logs or the console.
enum TextRule: Sendable, Hashable {
    /// A UDID in one of its three forms (see `UDID`).
    case udid
    /// 1 to `maximumLength` ASCII letters, digits, `.`, `_` or `-`: enrolment, user and command identifiers.
    case identifier(maximumLength: Int)
    /// 1 to `maximumLength` printable ASCII characters without spaces: topics, push magic, product keys.
    case printableASCII(maximumLength: Int)
    /// 0 to `maximumLength` Unicode characters without control characters or bidirectional overrides: names and
    /// descriptions a person reads.
    case displayText(maximumLength: Int)

    func accepts(_ text: String) -> Bool {
        switch self {
        case .udid:
            return UDID(text) != nil
        case .identifier(let maximumLength):
            return !text.isEmpty && text.utf8.count <= maximumLength && text.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                     UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                    true
                default:
                    false
                }
            }
        case .printableASCII(let maximumLength):
            return !text.isEmpty && text.utf8.count <= maximumLength && text.utf8.allSatisfy { (0x21...0x7E).contains($0) }
        case .displayText(let maximumLength):
            return text.unicodeScalars.count <= maximumLength && text.unicodeScalars.allSatisfy(Self.isDisplayable)
        }
    }

    /// What the text must be, for error messages.
    var requirement: String {
        switch self {
        case .udid: "must be a UDID"
        case .identifier(let maximumLength): "must be 1 to \(maximumLength) ASCII letters, digits, '.', '_' or '-'"
        case .printableASCII(let maximumLength): "must be 1 to \(maximumLength) printable ASCII characters without spaces"
        case .displayText(let maximumLength): "must be at most \(maximumLength) characters without control characters"
        }
    }

    /// Control characters would break log lines; bidirectional overrides can make a name read as another.
    private static func isDisplayable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x200E...0x200F, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF: false
        default: true
        }
    }
}
