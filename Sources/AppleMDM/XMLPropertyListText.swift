import Foundation

/// How the text of each leaf element reads as a value, exactly as `PropertyListSerialization` (CoreFoundation's
/// XML property-list parser) read it when it decoded device bodies, so that replacing it changed no value and no
/// refusal.
///
/// Only text that `XMLPropertyListScanner` has accepted reaches these functions: valid UTF-8, references that are
/// one of the five predefined entities or a numeric reference to an XML character, and for numbers, dates and data
/// nothing but ASCII letters, digits, `+ - . : / =` and whitespace. What Foundation read loosely is read as loosely
/// here (leading zeros, whitespace before an integer, base64 without padding), because tightening it would refuse
/// bodies that devices may send today.
enum XMLPropertyListText {
    /// The outcome of reading `<integer>` text.
    enum Integer: Equatable {
        case value(Int64)
        /// A positive integer above `Int64.max` and at most `UInt64.max`: Foundation read it, but
        /// `PropertyListValue` does not hold it.
        case outOfRange
        /// Text Foundation refused.
        case unreadable
    }

    // MARK: Strings

    /// `<string>` and `<key>` text with references expanded. Line ends are kept as written: Foundation does not
    /// normalise a carriage return, so neither does this.
    static func string(_ text: UnsafeRawBufferPointer, hasReferences: Bool) -> String {
        guard hasReferences else { return String(decoding: text, as: UTF8.self) }
        return String(decoding: expanded(text, normalisingLineEnds: false), as: UTF8.self)
    }

    /// A key as the guard compares keys for duplicates: references expanded and each carriage return written in the
    /// document (CR LF or a lone CR) read as a line feed, as an XML parser delivers it. A carriage return written as
    /// `&#13;` stays one.
    static func keyForComparison(_ text: UnsafeRawBufferPointer) -> String {
        String(decoding: expanded(text, normalisingLineEnds: true), as: UTF8.self)
    }

    private static func expanded(_ text: UnsafeRawBufferPointer, normalisingLineEnds: Bool) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count)
        var index = 0
        while index < text.count {
            let byte = text[index]
            if byte == UInt8(ascii: "&") {
                index = appendReference(in: text, at: index, to: &bytes)
            } else if byte == 0x0D, normalisingLineEnds {
                bytes.append(0x0A)
                index += 1
                if index < text.count, text[index] == 0x0A { index += 1 }
            } else {
                bytes.append(byte)
                index += 1
            }
        }
        return bytes
    }

    /// Appends the UTF-8 of the reference at `start` (`&…;`, already checked by the scanner) and returns the index
    /// after its `;`.
    private static func appendReference(in text: UnsafeRawBufferPointer, at start: Int, to bytes: inout [UInt8]) -> Int {
        var index = start + 1
        var end = index
        while end < text.count, text[end] != UInt8(ascii: ";") { end += 1 }
        let scalar: Unicode.Scalar?
        if index < end, text[index] == UInt8(ascii: "#") {
            index += 1
            var radix: UInt32 = 10
            if index < end, text[index] == UInt8(ascii: "x") {
                radix = 16
                index += 1
            }
            var value: UInt32 = 0
            while index < end {
                value = value &* radix &+ UInt32(hexDigitValue(text[index]) ?? 0)
                index += 1
            }
            scalar = Unicode.Scalar(value)
        } else {
            switch end - index {
            case 2: scalar = text[index] == UInt8(ascii: "l") ? "<" : ">"
            case 3: scalar = "&"
            default: scalar = text[index] == UInt8(ascii: "q") ? "\"" : "'"
            }
        }
        UTF8.encode(scalar ?? "\u{FFFD}") { bytes.append($0) }
        return min(end + 1, text.count)
    }

    // MARK: Numbers

    /// `<integer>` text: optional whitespace, an optional sign (more whitespace may follow it), then decimal digits
    /// or `0x` and hexadecimal digits, and nothing after. Negative values down to `Int64.min`; positive ones up to
    /// `UInt64.max` are read, and those above `Int64.max` reported as `outOfRange`.
    static func integer(_ text: UnsafeRawBufferPointer) -> Integer {
        var index = 0
        func skipWhitespace() {
            while index < text.count, text[index] <= 0x20 { index += 1 }
        }
        skipWhitespace()
        guard index < text.count else { return .unreadable }
        var negative = false
        if text[index] == UInt8(ascii: "-") || text[index] == UInt8(ascii: "+") {
            negative = text[index] == UInt8(ascii: "-")
            index += 1
            skipWhitespace()
        }
        var hexadecimal = false
        var hadLeadingZero = false
        if index < text.count, text[index] == UInt8(ascii: "0") {
            if index + 1 < text.count, text[index + 1] | 0x20 == UInt8(ascii: "x") {
                hexadecimal = true
                index += 1
            } else {
                hadLeadingZero = true
            }
            index += 1
        }
        while index < text.count, text[index] == UInt8(ascii: "0") {
            hadLeadingZero = true
            index += 1
        }
        if index == text.count { return hadLeadingZero ? .value(0) : .unreadable }
        let radix: UInt64 = hexadecimal ? 16 : 10
        var magnitude: UInt64 = 0
        while index < text.count {
            guard let digit = hexDigitValue(text[index]), hexadecimal || digit < 10 else { return .unreadable }
            let (shifted, overflow) = magnitude.multipliedReportingOverflow(by: radix)
            let (sum, carry) = shifted.addingReportingOverflow(UInt64(digit))
            guard !overflow, !carry else { return .unreadable }
            magnitude = sum
            if negative, magnitude > UInt64(Int64.max) + 1 { return .unreadable }
            index += 1
        }
        if negative { return .value(Int64(bitPattern: 0 &- magnitude)) }
        return magnitude <= UInt64(Int64.max) ? .value(Int64(magnitude)) : .outOfRange
    }

    /// `<real>` text: `nan`, `inf`, `infinity` with an optional sign on the infinities (any case, nothing around
    /// them), or optional whitespace then a decimal number in C's `strtod` syntax (no hexadecimal) and nothing
    /// after; `nil` for anything else.
    static func real(_ text: UnsafeRawBufferPointer) -> Double? {
        if let special = specialReal(text) { return special }
        var index = 0
        while index < text.count, ASCIIByteSet.isXMLWhitespace(text[index]) { index += 1 }
        let start = index
        if index < text.count, text[index] == UInt8(ascii: "+") || text[index] == UInt8(ascii: "-") { index += 1 }
        var mantissaDigits = 0
        while index < text.count, isDigit(text[index]) {
            index += 1
            mantissaDigits += 1
        }
        if index < text.count, text[index] == UInt8(ascii: ".") {
            index += 1
            while index < text.count, isDigit(text[index]) {
                index += 1
                mantissaDigits += 1
            }
        }
        guard mantissaDigits > 0 else { return nil }
        if index < text.count, text[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < text.count, text[index] == UInt8(ascii: "+") || text[index] == UInt8(ascii: "-") { index += 1 }
            var exponentDigits = 0
            while index < text.count, isDigit(text[index]) {
                index += 1
                exponentDigits += 1
            }
            guard exponentDigits > 0 else { return nil }
        }
        guard index == text.count else { return nil }
        // The syntax is checked above; Swift's conversion is `strtod`'s, correctly rounded, overflowing to infinity.
        return Double(String(decoding: UnsafeRawBufferPointer(rebasing: text[start...]), as: UTF8.self))
    }

    private static func specialReal(_ text: UnsafeRawBufferPointer) -> Double? {
        guard (3...9).contains(text.count) else { return nil }
        var lowered = ""
        for byte in text { lowered.unicodeScalars.append(Unicode.Scalar(byte | (isLetter(byte) ? 0x20 : 0))) }
        switch lowered {
        case "nan": return .nan
        case "inf", "+inf", "infinity", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        default: return nil
        }
    }

    // MARK: Data

    /// `<data>` text as base64, read as Foundation read it: whitespace and anything outside the alphabet skipped,
    /// `=` taken as a zero digit, every four digits giving three bytes less one for each `=` just before (counting
    /// across whitespace), and digits left over at the end (fewer than four) dropped.
    static func data(_ text: UnsafeRawBufferPointer) -> Data {
        var output = Data(count: text.count / 4 * 3)
        let written = output.withUnsafeMutableBytes { (out: UnsafeMutableRawBufferPointer) -> Int in
            base64Values.withUnsafeBufferPointer { values in
                var written = 0
                var accumulator: UInt32 = 0
                var digits = 0
                var trailingPads = 0
                var index = 0
                while index < text.count {
                    // Four digits in a row at the start of a group, the bulk of any base64: no padding or whitespace
                    // to track, three bytes out.
                    if digits & 3 == 0, index + 4 <= text.count {
                        let first = values[Int(text[index])], second = values[Int(text[index + 1])]
                        let third = values[Int(text[index + 2])], fourth = values[Int(text[index + 3])]
                        if first | second | third | fourth < 64 {
                            let group = UInt32(first) << 18 | UInt32(second) << 12 | UInt32(third) << 6 | UInt32(fourth)
                            out[written] = UInt8(truncatingIfNeeded: group >> 16)
                            out[written + 1] = UInt8(truncatingIfNeeded: group >> 8)
                            out[written + 2] = UInt8(truncatingIfNeeded: group)
                            written += 3
                            digits += 4
                            trailingPads = 0
                            index += 4
                            continue
                        }
                    }
                    let byte = text[index]
                    index += 1
                    let value = values[Int(byte)]
                    if value < 64 {
                        trailingPads = 0
                    } else if value == padding {
                        trailingPads += 1
                    } else {
                        if !ASCIIByteSet.isXMLWhitespace(byte) { trailingPads = 0 }
                        continue
                    }
                    accumulator = accumulator << 6 | UInt32(value & 63)
                    digits += 1
                    guard digits & 3 == 0 else { continue }
                    out[written] = UInt8(truncatingIfNeeded: accumulator >> 16)
                    written += 1
                    if trailingPads < 2 {
                        out[written] = UInt8(truncatingIfNeeded: accumulator >> 8)
                        written += 1
                    }
                    if trailingPads < 1 {
                        out[written] = UInt8(truncatingIfNeeded: accumulator)
                        written += 1
                    }
                }
                return written
            }
        }
        output.count = written
        return output
    }

    private static let padding: UInt8 = 64
    private static let notBase64: UInt8 = 0xFF

    /// Each byte's base64 digit, `padding` for `=` (read as a zero digit), `notBase64` for everything else.
    private static let base64Values: [UInt8] = (0...255).map { byte in
        switch UInt8(byte) {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): UInt8(byte) - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): UInt8(byte) - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt8(byte) - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): 62
        case UInt8(ascii: "/"): 63
        case UInt8(ascii: "="): padding
        default: notBase64
        }
    }

    // MARK: Bytes

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    private static func hexDigitValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
