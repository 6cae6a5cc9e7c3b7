import Foundation
import Testing
@testable import AppleMDM

private func decode(_ inner: String, limits: PropertyListLimits = .deviceMessage) -> Result<PropertyListValue, PropertyListRefusal> {
    FoundationPropertyListReference.newDecode(FixtureFiles.plist(inner), limits: limits)
}

/// What one fragment decodes to, and that Foundation decoded it the same way.
private func expectDecoded(_ inner: String, _ expected: PropertyListValue, sourceLocation: SourceLocation = #_sourceLocation) {
    let body = FixtureFiles.plist(inner)
    #expect(FoundationPropertyListReference.difference(body) == nil, "\(inner.debugDescription)", sourceLocation: sourceLocation)
    switch FoundationPropertyListReference.newDecode(body) {
    case .success(let value):
        #expect(FoundationPropertyListReference.identical(value, expected), "\(inner.debugDescription): \(value)",
                sourceLocation: sourceLocation)
    case .failure(let refusal):
        Issue.record("\(inner.debugDescription) refused: \(refusal)", sourceLocation: sourceLocation)
    }
}

/// That one fragment is refused for `reason`, and that Foundation refused it the same way.
private func expectRefused(_ inner: String, _ reason: PropertyListRefusal.Reason, sourceLocation: SourceLocation = #_sourceLocation) {
    let body = FixtureFiles.plist(inner)
    #expect(FoundationPropertyListReference.difference(body) == nil, "\(inner.debugDescription)", sourceLocation: sourceLocation)
    guard case .failure(let refusal) = FoundationPropertyListReference.newDecode(body) else {
        Issue.record("\(inner.debugDescription) was decoded", sourceLocation: sourceLocation)
        return
    }
    #expect(refusal.reason == reason, "\(inner.debugDescription)", sourceLocation: sourceLocation)
}

@Suite("Property-list decoder")
struct PropertyListDecoderTests {
    @Test("integers: whitespace before, a sign, hexadecimal, leading zeros and the signed 64-bit range")
    func integers() {
        expectDecoded("<integer>12</integer>", .integer(12))
        expectDecoded("<integer>\n\t 12</integer>", .integer(12))
        expectDecoded("<integer>-5</integer>", .integer(-5))
        expectDecoded("<integer>+5</integer>", .integer(5))
        expectDecoded("<integer>- 5</integer>", .integer(-5))
        expectDecoded("<integer>-0</integer>", .integer(0))
        expectDecoded("<integer>00012</integer>", .integer(12))
        expectDecoded("<integer>0x1F</integer>", .integer(31))
        expectDecoded("<integer>-0X10</integer>", .integer(-16))
        expectDecoded("<integer>0x0</integer>", .integer(0))
        expectDecoded("<integer>9223372036854775807</integer>", .integer(.max))
        expectDecoded("<integer>-9223372036854775808</integer>", .integer(.min))
        expectDecoded("<integer>-0x8000000000000000</integer>", .integer(.min))
        expectRefused("<integer>9223372036854775808</integer>", .unsupportedValue)
        expectRefused("<integer>0xFFFFFFFFFFFFFFFF</integer>", .unsupportedValue)
        for unreadable in ["", "12 ", "-", "+", "0x", "1a", "0xg", "1.5", "1e3", "--1", "00x1", "18446744073709551616",
                           "-9223372036854775809", "0x10000000000000000"] {
            expectRefused("<integer>\(unreadable)</integer>", .unreadable)
        }
        expectRefused("<integer/>", .unreadable)
    }

    @Test("reals: decimal and exponent forms, nan and the infinities, whitespace only before")
    func reals() {
        expectDecoded("<real>1.5</real>", .real(1.5))
        expectDecoded("<real>\t1.5</real>", .real(1.5))
        expectDecoded("<real>12</real>", .real(12))
        expectDecoded("<real>.5</real>", .real(0.5))
        expectDecoded("<real>5.</real>", .real(5))
        expectDecoded("<real>+.5e+2</real>", .real(50))
        expectDecoded("<real>1E-3</real>", .real(0.001))
        expectDecoded("<real>-0</real>", .real(-0.0))
        expectDecoded("<real>0.30000000000000004</real>", .real(0.30000000000000004))
        expectDecoded("<real>1e400</real>", .real(.infinity))
        expectDecoded("<real>1e-400</real>", .real(0))
        expectDecoded("<real>4.9e-324</real>", .real(.leastNonzeroMagnitude))
        expectDecoded("<real>NaN</real>", .real(.nan))
        expectDecoded("<real>-Infinity</real>", .real(-.infinity))
        expectDecoded("<real>+inf</real>", .real(.infinity))
        for unreadable in ["", "1.5 ", " nan", "-nan", "1e", "1e+", ".", "e1", "0x10", "1.5.5", "abc", "1d", "- 1", "1:2"] {
            expectRefused("<real>\(unreadable)</real>", .unreadable)
        }
        expectRefused("<real/>", .unreadable)
    }

    @Test("dates: ISO 8601 in UTC with Z, fields read without range checks as Foundation reads them")
    func dates() {
        expectDecoded("<date>2024-01-02T03:04:05Z</date>", .date(Date(timeIntervalSince1970: 1_704_164_645)))
        expectDecoded("<date>1970-01-01T00:00:00Z</date>", .date(Date(timeIntervalSince1970: 0)))
        expectDecoded("<date>1600-03-01T00:00:00Z</date>", .date(Date(timeIntervalSince1970: -11_670_912_000)))
        expectDecoded("<date>0000-01-01T00:00:00Z</date>", .date(Date(timeIntervalSince1970: -62_167_219_200)))
        expectDecoded("<date>-2024-01-02T03:04:05Z</date>", .date(Date(timeIntervalSince1970: -126_038_408_155)))
        // Out-of-range fields carry over, as in Foundation: 2024-13-45 25:61:61 is 2025-02-15 02:02:01.
        expectDecoded("<date>2024-13-45T25:61:61Z</date>", .date(Date(timeIntervalSince1970: 1_739_584_921)))
        expectDecoded("<date>2024-50-01T00:00:00Z</date>", .date(Date(timeIntervalSince1970: 1_704_067_200)))
        for unreadable in ["", "2024-01-02T03:04:05", "2024-01-02", "2024-01-02T03:04:05.123Z", "2024-01-02T03:04:05+01:00",
                           " 2024-01-02T03:04:05Z", "2024-01-02T03:04:05Z ", "2024-1-2T3:4:5Z", "2024-01-02t03:04:05z",
                           "+2024-01-02T03:04:05Z"] {
            expectRefused("<date>\(unreadable)</date>", .unreadable)
        }
        expectRefused("<date/>", .unreadable)
    }

    @Test("every month, day and hour from 00 to 99, in leap and common years, reads as in Foundation")
    func dateFieldsExhaustively() {
        for year in ["2023", "2024", "1900", "2000", "-0001", "0000", "2147483648", "99999999999"] {
            for field in 0...99 {
                let two = field < 10 ? "0\(field)" : "\(field)"
                for text in ["\(year)-\(two)-15T12:30:30Z", "\(year)-06-\(two)T12:30:30Z", "\(year)-06-15T\(two):\(two):\(two)Z"] {
                    #expect(FoundationPropertyListReference.difference(FixtureFiles.plist("<date>\(text)</date>")) == nil, "\(text)")
                }
            }
        }
    }

    @Test("data: base64 with whitespace anywhere, missing padding and stray '=' read as Foundation reads them")
    func data() {
        expectDecoded("<data>QUJD</data>", .data(Data("ABC".utf8)))
        expectDecoded("<data>\n\tQU\r\n JD\n\t</data>", .data(Data("ABC".utf8)))
        expectDecoded("<data>QUI=</data>", .data(Data("AB".utf8)))
        expectDecoded("<data>QQ==</data>", .data(Data("A".utf8)))
        expectDecoded("<data>QQ= =</data>", .data(Data("A".utf8)))
        expectDecoded("<data></data>", .data(Data()))
        // Digits short of a group of four are dropped; '=' counts as a zero digit.
        expectDecoded("<data>QUJDRA</data>", .data(Data("ABC".utf8)))
        expectDecoded("<data>AA==AA==</data>", .data(Data([0, 0])))
        expectDecoded("<data>AB=C</data>", .data(Data([0x00, 0x10, 0x02])))
        expectRefused("<data/>", .unreadable)
        expectRefused("<data>QU&#74;D</data>", .invalidCharacter)
    }

    @Test("strings: the five entities, numeric references, CR kept as written, multi-byte UTF-8, empty strings")
    func strings() {
        expectDecoded("<string>&lt;&gt;&amp;&quot;&apos;&#65;&#x42;&#0067;</string>", .string("<>&\"'ABC"))
        expectDecoded("<string>&#x1F600; &#233;</string>", .string("😀 é"))
        expectDecoded("<string>a\r\nb\rc</string>", .string("a\r\nb\rc"))
        expectDecoded("<string>a&#13;b</string>", .string("a\rb"))
        expectDecoded("<string>  padded\t</string>", .string("  padded\t"))
        expectDecoded("<string>Zoë’s iPad 🍎 東京 e\u{301}</string>", .string("Zoë’s iPad 🍎 東京 e\u{301}"))
        expectDecoded("<string>]]&gt; > ' \"</string>", .string("]]> > ' \""))
        expectDecoded("<string></string>", .string(""))
        expectDecoded("<string/>", .string(""))
        expectDecoded("<dict><key/><string/></dict>", .dictionary(["": .string("")]))
        expectRefused("<string>&unknown;</string>", .undeclaredEntityReference)
        expectRefused("<string>&#xD800;</string>", .invalidCharacter)
    }

    @Test("CDATA sections are refused: Apple's writers never emit one, and nothing a device sends needs one")
    func characterData() {
        expectRefused("<string><![CDATA[<x>]]></string>", .characterDataSection)
        expectRefused("<array><![CDATA[x]]></array>", .characterDataSection)
    }

    @Test("booleans, empty containers, comments between elements and the XML declaration")
    func structure() throws {
        expectDecoded("<true/>", .bool(true))
        expectDecoded("<true></true>", .bool(true))
        expectDecoded("<false />", .bool(false))
        expectDecoded("<dict/>", .dictionary([:]))
        expectDecoded("<dict>\n</dict>", .dictionary([:]))
        expectDecoded("<array/>", .array([]))
        expectDecoded("<array><!-- a --><dict><!-- b --><key>k</key><!-- c --><array/></dict></array>",
                      .array([.dictionary(["k": .array([])])]))
        expectDecoded("<dict ><key >k</key ><true/></dict >", .dictionary(["k": .bool(true)]))
        expectRefused("<true> </true>", .unexpectedElement)
        expectRefused("<array><?pi x?></array>", .processingInstruction)
        // Foundation ends a tag at its first `>`, even inside the quoted version, and could not read the rest.
        let quotedBracket = Data("<plist version=\"1.>0\"><true/></plist>".utf8)
        #expect(FoundationPropertyListReference.difference(quotedBracket) == nil)
        #expect(throws: PropertyListRefusal(.unreadable)) { try PropertyListGuard().decode(quotedBracket) }
        let bare = Data("\u{FEFF}<?xml version='1.0' encoding='utf-8'?><plist><array><integer>1</integer></array></plist>".utf8)
        #expect(FoundationPropertyListReference.difference(bare) == nil)
        #expect(try PropertyListGuard().decode(bare) == .array([.integer(1)]))
    }

    @Test("a one-key CF$UID dictionary holding a number is refused as Foundation's keyed-archiver reference was")
    func keyedArchiverReference() {
        expectRefused("<dict><key>CF$UID</key><integer>1</integer></dict>", .unsupportedValue)
        expectRefused("<array><dict><key>CF$UID</key><real>1</real></dict></array>", .unsupportedValue)
        expectDecoded("<dict><key>CF$UID</key><string>1</string></dict>", .dictionary(["CF$UID": .string("1")]))
        expectDecoded("<dict><key>CF$UID</key><integer>1</integer><key>b</key><true/></dict>",
                      .dictionary(["CF$UID": .integer(1), "b": .bool(true)]))
    }

    @Test("text Foundation could not read is refused only after the whole body passed the guard, as before")
    func refusalPrecedence() {
        expectRefused("<array><integer>x</integer><string>&bad;</string></array>", .undeclaredEntityReference)
        expectRefused("<array><integer>99999999999999999999</integer><integer>9223372036854775808</integer></array>", .unreadable)
        expectRefused("<array><integer>9223372036854775808</integer><integer>x</integer></array>", .unreadable)
        expectRefused("<array><integer>x</integer></array><true/>", .unexpectedElement)
    }

    @Test("duplicate keys: the same text, the same after references or line ends, or the same in another Unicode form")
    func duplicateKeys() {
        expectRefused("<dict><key>a</key><true/><key>a</key><true/></dict>", .duplicateKey)
        expectRefused("<dict><key>a&amp;b</key><true/><key>a&#38;b</key><true/></dict>", .duplicateKey)
        expectRefused("<dict><key>a\r\nb</key><true/><key>a\nb</key><true/></dict>", .duplicateKey)
        expectRefused("<dict><key>a\nb</key><true/><key>a\rb</key><true/></dict>", .duplicateKey)
        expectDecoded("<dict><key>a&#13;b</key><true/><key>a\nb</key><false/></dict>",
                      .dictionary(["a\rb": .bool(true), "a\nb": .bool(false)]))
        // Foundation kept one entry of the two, whichever its hashing found first; refusing is the only safe answer.
        let twoForms = "<dict><key>Zoe\u{308}</key><true/><key>Zo\u{EB}</key><false/></dict>"
        guard case .failure(let refusal) = decode(twoForms) else {
            Issue.record("keys in two Unicode forms were decoded")
            return
        }
        #expect(refusal.reason == .duplicateKey)
        // The scan alone compares bytes, as before; only decoding sees the two forms as one key.
        #expect(throws: Never.self) { try PropertyListGuard().inspect(FixtureFiles.plist(twoForms)) }
        // A carriage return written as a reference and one written as itself: the same key once decoded.
        let twoReturns = "<dict><key>a&#13;b</key><integer>1</integer><key>a\rb</key><integer>2</integer></dict>"
        guard case .failure(let returns) = decode(twoReturns) else {
            Issue.record("keys decoding to the same text were decoded")
            return
        }
        #expect(returns.reason == .duplicateKey)
    }

    @Test("nesting is bounded without recursion: 100,000 levels under a raised limit neither crash nor decode")
    func deepNestingWithoutRecursion() {
        let depth = 100_000
        let body = FixtureFiles.plist(String(repeating: "<array>", count: depth) + String(repeating: "</array>", count: depth))
        let limits = PropertyListLimits(maximumBodySize: 8 << 20, maximumDepth: 1_000_000, maximumElements: 1_000_000)
        #expect(throws: PropertyListRefusal(.unreadable)) { try PropertyListGuard(limits: limits).decode(body) }
        guard case .failure(let refusal) = FoundationPropertyListReference.newDecode(body, limits: PropertyListLimits(maximumBodySize: 8 << 20)) else {
            Issue.record("a 100,000-deep body was decoded")
            return
        }
        #expect(refusal.reason == .tooDeep(limit: 32))
    }

    @Test("nesting past Foundation's own limit of 512 is refused as it was, and 512 levels decode, whatever the guard allows")
    func foundationNestingLimit() throws {
        let limits = PropertyListLimits(maximumDepth: 1_000)
        func nested(_ depth: Int, dictionaries: Bool = false) -> Data {
            let open = dictionaries ? "<dict><key>k</key>" : "<array>"
            let close = dictionaries ? "</dict>" : "</array>"
            return FixtureFiles.plist(String(repeating: open, count: depth) + "<true/>" + String(repeating: close, count: depth))
        }
        for body in [nested(512), nested(513), nested(512, dictionaries: true), nested(513, dictionaries: true)] {
            #expect(FoundationPropertyListReference.difference(body, limits: limits) == nil)
        }
        #expect(throws: PropertyListRefusal(.unreadable)) { try PropertyListGuard(limits: limits).decode(nested(513)) }
        var value = try PropertyListGuard(limits: limits).decode(nested(512))
        var levels = 0
        while case .array(let items) = value, let first = items.first {
            value = first
            levels += 1
        }
        #expect(levels == 512 && value == .bool(true))
    }

    @Test("a huge string and huge data are refused by their limits before any value is built")
    func hugeLeaves() throws {
        let roomy = PropertyListLimits(maximumBodySize: 16 << 20)
        #expect(throws: PropertyListRefusal.self) {
            try PropertyListGuard(limits: roomy).decode(FixtureFiles.plist("<string>" + String(repeating: "A", count: 10_000_000) + "</string>"))
        }
        let data = FixtureFiles.plist("<data>" + String(repeating: "QUFB", count: 300_000) + "</data>")
        let limits = PropertyListLimits(maximumBodySize: 16 << 20, maximumDataLength: 1000)
        #expect(throws: PropertyListRefusal(.dataTooLong(limit: 1000), offset: 170)) { try PropertyListGuard(limits: limits).decode(data) }
        let allowed = PropertyListLimits(maximumBodySize: 16 << 20, maximumDataLength: 2 << 20)
        #expect(try PropertyListGuard(limits: allowed).decode(data).dataValue?.count == 900_000)
    }
}
