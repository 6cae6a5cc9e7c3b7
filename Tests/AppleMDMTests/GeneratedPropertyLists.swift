import Foundation

/// A reproducible pseudo-random source (SplitMix64), so a failing generated document can be found again by its seed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

/// XML property lists written the many ways a device, a proxy or an attacker might write them: Apple's header or
/// none, comments and whitespace between elements, self-closing and empty elements, references, line ends of every
/// kind, and leaf text that is sometimes well-formed and sometimes just off (a space after an integer, a date
/// without `Z`, base64 without padding). Every document is valid UTF-8; many are refused.
struct GeneratedPropertyLists {
    var random: SeededGenerator

    init(seed: UInt64) {
        random = SeededGenerator(seed: seed)
    }

    mutating func document() -> Data {
        var text = ""
        if chance(0.05) { text += "\u{FEFF}" }
        if chance(0.8) {
            text += pick([
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", "<?xml version='1.0'?>", "<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"no\"?>\r\n",
            ])
        }
        if chance(0.8) {
            text += "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
        }
        if chance(0.1) { text += "<!-- written by a test -->\n" }
        text += pick(["<plist version=\"1.0\">", "<plist>", "<plist version=\"1.0\" >"]) + separator()
        text += value(depth: 0)
        text += separator() + pick(["</plist>", "</plist >"]) + pick(["", "\n", "\n<!-- end -->\n"])
        return Data(text.utf8)
    }

    // MARK: Structure

    mutating func value(depth: Int) -> String {
        let roll = Int.random(in: 0..<100, using: &random)
        if depth < 4, roll < 12 { return dictionary(depth: depth) }
        if depth < 4, roll < 20 { return array(depth: depth) }
        switch Int.random(in: 0..<9, using: &random) {
        case 0, 1: return element("string", text: stringText())
        case 2: return element("integer", text: integerText())
        case 3: return element("real", text: realText())
        case 4: return element("date", text: dateText())
        case 5: return element("data", text: dataText())
        case 6: return pick(["<true/>", "<true></true>", "<true />"])
        case 7: return pick(["<false/>", "<false></false>"])
        default: return element("string", text: pick(["", "UDID", "Acknowledged", "iPhone15,2", "18.7.10"]))
        }
    }

    mutating func dictionary(depth: Int) -> String {
        let count = Int.random(in: 0...6, using: &random)
        if count == 0 { return pick(["<dict/>", "<dict></dict>", "<dict>\n</dict>", "<dict />"]) }
        var text = "<dict>"
        for _ in 0..<count {
            text += separator() + element("key", text: keyText()) + separator() + value(depth: depth + 1)
        }
        return text + separator() + "</dict>"
    }

    mutating func array(depth: Int) -> String {
        let count = Int.random(in: 0...5, using: &random)
        if count == 0 { return pick(["<array/>", "<array></array>", "<array> </array>"]) }
        var text = "<array>"
        for _ in 0..<count { text += separator() + value(depth: depth + 1) }
        return text + separator() + "</array>"
    }

    /// `<name>text</name>`, or `<name/>` now and then when the text is empty.
    mutating func element(_ name: String, text: String) -> String {
        if text.isEmpty, chance(0.5) { return "<\(name)/>" }
        return "<\(name)>\(text)</\(name)\(chance(0.05) ? " " : "")>"
    }

    mutating func separator() -> String {
        pick(["", "\n", "\n\t", "\r\n  ", " ", "\t\t", "<!-- c -->", "\n<!-- - -->\n"])
    }

    // MARK: Leaf text

    mutating func keyText() -> String {
        pick([
            "UDID", "Status", "CommandUUID", "QueryResponses", "MessageType", "Topic", "a&amp;b", "a&#38;b", "a\r\nb",
            "a\nb", "a\rb", "", "Zoë", "키", "k", "K", "&lt;key&gt;", "ErrorChain", "CF$UID",
        ])
    }

    mutating func stringText() -> String {
        let pieces = [
            "a", "Z", "0", " ", "\t", "\n", "\r", "\r\n", "&lt;", "&gt;", "&amp;", "&quot;", "&apos;", "&#65;",
            "&#x42;", "&#x1F600;", "&#13;", "&#0065;", "é", "e\u{301}", "’", "🍎", "東京", "]]>", ">", "'", "\"", "\u{7F}",
            "\u{85}", "\u{200E}", "\u{1}",
        ]
        let count = Int.random(in: 0...12, using: &random)
        return (0..<count).map { _ in pick(pieces) }.joined()
    }

    mutating func integerText() -> String {
        let body: String
        switch Int.random(in: 0..<10, using: &random) {
        case 0: body = String(Int64.random(in: .min ... .max, using: &random))
        case 1: body = String(UInt64.random(in: UInt64(Int64.max) - 3 ... .max, using: &random))
        case 2: body = "0x" + String(UInt64.random(in: 0 ... .max, using: &random), radix: 16, uppercase: chance(0.5))
        case 3: body = pick(["9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
                             "18446744073709551615", "18446744073709551616", "-0x8000000000000000", "0xFFFFFFFFFFFFFFFF",
                             "0x10000000000000000", "-18446744073709551615"])
        case 4: body = pick(["", "-", "+", "0x", "0X", "00x1", "0b1", "1e3", "1.5", "12a", "--1", "+-1", "0xg"])
        case 5: body = String(repeating: "0", count: Int.random(in: 1...5, using: &random)) + String(Int.random(in: 0...999, using: &random))
        default: body = String(Int.random(in: -100_000...100_000, using: &random))
        }
        return padded(body, sign: chance(0.1) ? pick(["+", "-", "+ ", "- "]) : "")
    }

    mutating func realText() -> String {
        switch Int.random(in: 0..<10, using: &random) {
        case 0: return pick(["nan", "NaN", "inf", "-inf", "+inf", "Infinity", "-INFINITY", "+infinity", " nan", "nan ", "-nan", "infx"])
        case 1: return pick(["", ".", "-", "1e", "1e+", "e1", ".e1", "0x10", "1.5.5", "1,5", "1d", "- 1", "+.5e+2", "5.", ".5", "00.5"])
        case 2: return pick(["1e400", "-1e400", "1e-400", "4.9e-324", "2.4703282292062328e-324", "1.7976931348623159e308"])
        case 3:
            let mantissa = String(Int.random(in: -99_999...99_999, using: &random))
            return mantissa + pick(["e", "E"]) + pick(["", "+", "-"]) + String(Int.random(in: 0...330, using: &random))
        default:
            let number = Double(bitPattern: UInt64.random(in: 0 ... .max, using: &random))
            return padded(number.isFinite ? "\(number)" : "0.5", sign: "")
        }
    }

    mutating func dateText() -> String {
        func two(_ range: ClosedRange<Int>) -> String {
            let value = Int.random(in: range, using: &random)
            return value < 10 ? "0\(value)" : "\(value)"
        }
        let year: String
        switch Int.random(in: 0..<8, using: &random) {
        case 0: year = "-" + String(Int.random(in: 0...9999, using: &random))
        case 1: year = pick(["", "0", "0000", "99999", "2147483647", "2147483648", "4294967296", "99999999999999999999"])
        default: year = String(Int.random(in: 1...2100, using: &random))
        }
        let month = chance(0.8) ? two(1...12) : two(0...99)
        let day = chance(0.8) ? two(1...28) : two(0...99)
        let time = chance(0.85) ? "\(two(0...23)):\(two(0...59)):\(two(0...59))" : "\(two(0...99)):\(two(0...99)):\(two(0...99))"
        var text = "\(year)-\(month)-\(day)T\(time)Z"
        if chance(0.1) {
            text = pick([text + " ", " " + text, String(text.dropLast()), text + "Z", text.lowercased(), "2024-1-2T3:4:5Z",
                         "2024-01-02", "2024-01-02T03:04:05.123Z", "2024-01-02T03:04:05+01:00", "--01-02T03:04:05Z"])
        }
        return text
    }

    mutating func dataText() -> String {
        let count = Int.random(in: 0...40, using: &random)
        var text = Data((0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }).base64EncodedString()
        if chance(0.2) { text = String(text.filter { $0 != "=" }) }
        if chance(0.1) { text += pick(["=", "==", "A", "AB", "ABC"]) }
        if chance(0.1), !text.isEmpty {
            let index = text.index(text.startIndex, offsetBy: Int.random(in: 0..<text.count, using: &random))
            text.insert("=", at: index)
        }
        if chance(0.4) {
            var broken = ""
            for (index, character) in text.enumerated() {
                if index > 0, index % Int.random(in: 4...76, using: &random) == 0 { broken += pick(["\n", "\n\t", " ", "\r\n"]) }
                broken.append(character)
            }
            text = pick(["\n\t", ""]) + broken + pick(["\n", "", "\n\t"])
        }
        return text
    }

    // MARK: Helpers

    private mutating func padded(_ body: String, sign: String) -> String {
        pick(["", "", "", " ", "\n\t", "\r\n"]) + sign + body + (chance(0.05) ? " " : "")
    }

    mutating func chance(_ probability: Double) -> Bool {
        Double.random(in: 0..<1, using: &random) < probability
    }

    mutating func pick<T>(_ choices: [T]) -> T {
        choices[Int.random(in: 0..<choices.count, using: &random)]
    }
}
