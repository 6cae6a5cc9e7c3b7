/// The elements of Apple's PropertyList-1.0 DTD, as `XMLPropertyListScanner` tells them apart.
enum XMLPropertyListElement: Int, Sendable, CaseIterable {
    case plist, dict, array, key, string, integer, real, date, data, trueValue, falseValue

    var name: String {
        switch self {
        case .plist: "plist"
        case .dict: "dict"
        case .array: "array"
        case .key: "key"
        case .string: "string"
        case .integer: "integer"
        case .real: "real"
        case .date: "date"
        case .data: "data"
        case .trueValue: "true"
        case .falseValue: "false"
        }
    }

    /// Names packed as `pack(_:)` packs them, in `allCases` order, so tags are matched without building strings.
    static let packedNames: [UInt64] = allCases.map { pack($0.name) }

    /// The element whose name packs to `packedName`; `nil` for any other name.
    init?(packedName: UInt64?) {
        guard let packedName, let index = Self.packedNames.firstIndex(of: packedName) else { return nil }
        self = Self.allCases[index]
    }

    var packedName: UInt64 { Self.packedNames[rawValue] }

    /// A name of at most eight bytes as one integer, its first byte lowest.
    static func pack(_ name: String) -> UInt64 {
        var packed: UInt64 = 0
        for (index, byte) in name.utf8.prefix(8).enumerated() { packed |= UInt64(byte) << (8 * UInt64(index)) }
        return packed
    }

    var isContainer: Bool { self == .dict || self == .array }
    /// May stand as a value: inside `<plist>`, `<array>`, or after a `<key>` in `<dict>`.
    var isValue: Bool { self != .plist && self != .key }

    var leaf: XMLPropertyListLeaf? {
        switch self {
        case .string: .string
        case .integer: .integer
        case .real: .real
        case .date: .date
        case .data: .data
        case .trueValue: .trueValue
        case .falseValue: .falseValue
        case .plist, .dict, .array, .key: nil
        }
    }

    /// The bytes `<data>` text may hold, and those of `<integer>`, `<real>` and `<date>` text: plain ASCII and
    /// whitespace only, since anything else is an attempt to smuggle markup.
    static let dataTextBytes = ASCIIByteSet { ASCIIByteSet.isXMLWhitespace($0) || isScalarTextByte($0, in: .data) }
    static let numberTextBytes = ASCIIByteSet { ASCIIByteSet.isXMLWhitespace($0) || isScalarTextByte($0, in: .integer) }

    private static func isScalarTextByte(_ byte: UInt8, in element: XMLPropertyListElement) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "+"):
            true
        case UInt8(ascii: "/"), UInt8(ascii: "="):
            element == .data
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: ":"):
            element != .data
        default:
            false
        }
    }
}
