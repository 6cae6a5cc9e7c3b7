import Foundation
import Testing
@testable import AppleMDM

/// The reason the guard gives for `body`, or `nil` when it lets the body through.
private func refusal(_ body: Data, limits: PropertyListLimits = .deviceMessage) -> PropertyListRefusal.Reason? {
    do throws(PropertyListRefusal) {
        try PropertyListGuard(limits: limits).inspect(body)
        return nil
    } catch {
        return error.reason
    }
}

private func refusal(_ text: String, limits: PropertyListLimits = .deviceMessage) -> PropertyListRefusal.Reason? {
    refusal(Data(text.utf8), limits: limits)
}

private let header = """
    <?xml version="1.0" encoding="UTF-8"?>
    <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">

    """

@Suite("PropertyListGuard")
struct PropertyListGuardTests {
    @Test("every real device capture passes and decodes to a dictionary",
          arguments: ["Authenticate.1.plist", "Authenticate.2.plist", "TokenUpdate.1.plist", "TokenUpdate.2.plist",
                      "DeviceInformation.1.plist"])
    func realCapturesPass(name: String) throws {
        let value = try PropertyListGuard().decode(try FixtureFiles.data(name))
        #expect(value.dictionaryValue != nil)
    }

    @Test("every hostile document in xml-attacks is refused for the right reason")
    func attackFilesRefused() throws {
        let expected: [String: PropertyListRefusal.Reason] = [
            "LICENSE": .notXML,
            "cyclic.xml": .doctypeInternalSubset,
            "dtd.xml": .forbiddenDoctype,
            "dtd_element.xml": .doctypeInternalSubset,
            "external.xml": .doctypeInternalSubset,
            "external_file.xml": .doctypeInternalSubset,
            "quadratic.xml": .doctypeInternalSubset,
            "schema-include.xsd": .unexpectedElement,
            "simple-ns.xml": .processingInstruction,
            "simple.xml": .unexpectedElement,
            "xalan_exec.xsl": .unexpectedElement,
            "xalan_write.xsl": .unexpectedElement,
            "xmlbomb.xml": .doctypeInternalSubset,
            "xmlbomb2.xml": .doctypeInternalSubset,
        ]
        let files = FixtureFiles.attackFiles
        #expect(files.count == expected.count)
        for file in files {
            let reason = refusal(try Data(contentsOf: file))
            #expect(reason != nil, "\(file.lastPathComponent) was let through")
            if let want = expected[file.lastPathComponent] {
                #expect(reason == want, "\(file.lastPathComponent)")
            }
        }
    }

    @Test("the entity payloads of the attack files are refused inside an Apple plist too")
    func entityAttacksInsidePlist() {
        #expect(refusal(header + "<!ENTITY a \"x\"><plist><string>a</string></plist>") == .entityDeclaration)
        #expect(refusal(header + "<plist><string>&a;</string></plist>") == .undeclaredEntityReference)
        #expect(refusal(header + "<plist><string>&ee;</string></plist>") == .undeclaredEntityReference)
        #expect(refusal("<!DOCTYPE plist [<!ENTITY a \"x\">]><plist><string>&a;</string></plist>") == .doctypeInternalSubset)
        #expect(refusal("<!DOCTYPE plist SYSTEM \"file:///etc/passwd\"><plist><string/></plist>") == .forbiddenDoctype)
        #expect(refusal("<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://evil.example/x.dtd\"><plist><true/></plist>") == .forbiddenDoctype)
        #expect(refusal(header + "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\"><plist><true/></plist>") == .forbiddenDoctype)
        #expect(refusal(header + "<plist><string><![CDATA[<x>]]></string></plist>") == .characterDataSection)
        #expect(refusal(header + "<plist><dict><!ELEMENT x ANY></dict></plist>") == .markupDeclaration)
        #expect(refusal("<?xml version=\"1.0\"?><?xml-stylesheet href=\"x\"?><plist><true/></plist>") == .processingInstruction)
        #expect(refusal(header + "<plist><true/></plist><?php ?>") == .processingInstruction)
    }

    @Test("the five predefined entities and numeric references are accepted and expanded")
    func predefinedEntities() throws {
        let body = FixtureFiles.plist("<string>&lt;&gt;&amp;&quot;&apos;&#65;&#x42;</string>")
        #expect(try PropertyListGuard().decode(body) == .string("<>&\"'AB"))
        #expect(refusal(FixtureFiles.plist("<string>&#0;</string>")) == .invalidCharacter)
        #expect(refusal(FixtureFiles.plist("<string>&#xFFFE;</string>")) == .invalidCharacter)
        #expect(refusal(FixtureFiles.plist("<string>a & b</string>")) == .malformed("bare '&'"))
    }

    @Test("a 10,000-deep nested plist is refused at the depth limit")
    func deepNesting() {
        let depth = 10_000
        let body = header + "<plist version=\"1.0\">" + String(repeating: "<array>", count: depth)
            + String(repeating: "</array>", count: depth) + "</plist>"
        #expect(refusal(body) == .tooDeep(limit: 32))
        // Without a closing half too: the refusal comes from the opening tags alone.
        #expect(refusal(header + "<plist>" + String(repeating: "<dict><key>k</key>", count: depth)) == .tooDeep(limit: 32))
    }

    @Test("nesting up to the limit is accepted, one more is refused")
    func depthBoundary() {
        func nested(_ depth: Int) -> String {
            header + "<plist>" + String(repeating: "<array>", count: depth) + String(repeating: "</array>", count: depth) + "</plist>"
        }
        #expect(refusal(nested(32)) == nil)
        #expect(refusal(nested(33)) == .tooDeep(limit: 32))
        #expect(refusal(nested(3), limits: PropertyListLimits(maximumDepth: 2)) == .tooDeep(limit: 2))
    }

    @Test("a 100,000-key dictionary is refused: by size by default, by key count when the size limit is raised")
    func hugeDictionary() {
        var body = header + "<plist><dict>"
        body.reserveCapacity(4_000_000)
        for index in 0..<100_000 { body += "<key>k\(index)</key><true/>" }
        body += "</dict></plist>"
        guard case .tooLarge = refusal(body) else {
            Issue.record("expected tooLarge")
            return
        }
        let roomy = PropertyListLimits(maximumBodySize: 8 << 20, maximumElements: 1_000_000)
        #expect(refusal(body, limits: roomy) == .tooManyKeys(limit: 4096))
        let counted = PropertyListLimits(maximumBodySize: 8 << 20, maximumKeysPerDictionary: 1_000_000)
        #expect(refusal(body, limits: counted) == .tooManyElements(limit: 65_536))
    }

    @Test("a 10 MB string is refused: by size by default, by string length when the size limit is raised")
    func hugeString() {
        let body = FixtureFiles.plist("<string>" + String(repeating: "A", count: 10_000_000) + "</string>")
        #expect(refusal(body) == .tooLarge(size: body.count, limit: 1 << 20))
        let roomy = PropertyListLimits(maximumBodySize: 16 << 20)
        #expect(refusal(body, limits: roomy) == .stringTooLong(limit: 64 << 10))
        let dataBody = FixtureFiles.plist("<data>" + String(repeating: "QUFB", count: 300_000) + "</data>")
        #expect(refusal(dataBody, limits: PropertyListLimits(maximumBodySize: 16 << 20, maximumDataLength: 1000)) == .dataTooLong(limit: 1000))
    }

    @Test("a binary property list is refused where XML is required")
    func binaryPlist() throws {
        let binary = try PropertyListSerialization.data(fromPropertyList: ["MessageType": "Authenticate"], format: .binary, options: 0)
        #expect(binary.starts(with: Data("bplist00".utf8)))
        #expect(refusal(binary) == .binaryPropertyList)
    }

    @Test("an empty body, a non-XML body and other encodings are refused")
    func emptyAndEncodings() {
        #expect(refusal(Data()) == .empty)
        #expect(refusal("   ") == .notXML)
        #expect(refusal("{\"MessageType\":\"Authenticate\"}") == .notXML)
        #expect(refusal(Data("<plist><true/></plist>".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })) == .unsupportedEncoding)
        #expect(refusal(Data([0xFF, 0xFE, 0x3C, 0x00])) == .unsupportedEncoding)
        #expect(refusal("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><plist><true/></plist>") == .unsupportedEncoding)
        #expect(refusal(Data([0xEF, 0xBB, 0xBF]) + Data("<plist><true/></plist>".utf8)) == nil)
    }

    @Test("every truncation of a real capture is refused without crashing")
    func truncatedCaptures() throws {
        let whole = try FixtureFiles.data("Authenticate.2.plist")
        let end = whole.lastIndex(of: UInt8(ascii: ">"))!
        for length in 1...end {
            #expect(refusal(whole.prefix(length)) != nil, "prefix of \(length) bytes was let through")
        }
        #expect(refusal(whole.prefix(whole.count - 20)) == .truncated)
    }

    @Test("duplicate keys are refused, including ones that differ only in how they are escaped")
    func duplicateKeys() {
        #expect(refusal(FixtureFiles.plist("<dict><key>UDID</key><string>a</string><key>UDID</key><string>b</string></dict>")) == .duplicateKey)
        #expect(refusal(FixtureFiles.plist("<dict><key>a&amp;b</key><true/><key>a&#38;b</key><false/></dict>")) == .duplicateKey)
        #expect(refusal(FixtureFiles.plist("<dict><key>a\r\nb</key><true/><key>a\nb</key><false/></dict>")) == .duplicateKey)
        #expect(refusal(FixtureFiles.plist("<dict><key>a</key><dict><key>a</key><true/></dict></dict>")) == nil)
    }

    @Test("structure outside Apple's DTD is refused")
    func structure() {
        #expect(refusal(header + "<dict/>") == .unexpectedElement)
        #expect(refusal(FixtureFiles.plist("<dict><string>x</string></dict>")) == .unexpectedElement)
        #expect(refusal(FixtureFiles.plist("<dict><key>a</key></dict>")) == .malformed("key without a value"))
        #expect(refusal(FixtureFiles.plist("<array><key>a</key></array>")) == .unexpectedElement)
        #expect(refusal(FixtureFiles.plist("<string>a</string><string>b</string>")) == .unexpectedElement)
        #expect(refusal(FixtureFiles.plist("<script>x</script>")) == .unexpectedElement)
        #expect(refusal(FixtureFiles.plist("<array>text</array>")) == .unexpectedText)
        #expect(refusal(FixtureFiles.plist("<dict id=\"x\"/>")) == .unexpectedAttribute)
        #expect(refusal(FixtureFiles.plist("<string>a</strin>")) == .malformed("end tag does not match"))
        #expect(refusal(FixtureFiles.plist("<string>a<b/></string>")) == .unexpectedElement)
        #expect(refusal(FixtureFiles.plist("<integer>1&#48;</integer>")) == .invalidCharacter)
        #expect(refusal(FixtureFiles.plist("<data>AA<x/>==</data>")) == .unexpectedElement)
        #expect(refusal(header + "<plist></plist>") == .malformed("plist without a value"))
        #expect(refusal(header + "<plist/>") == .malformed("empty plist"))
        #expect(refusal(header + "<plist><true/></plist>trailing") == .unexpectedText)
        #expect(refusal(header + "<plist><true/></plist><plist><true/></plist>") == .unexpectedElement)
        #expect(refusal(header + "<!-- fine --><plist><array><!-- fine --></array></plist><!-- fine -->") == nil)
        #expect(refusal(header + "<plist><array><!-- a -- b --></array></plist>") == .malformed("'--' inside a comment"))
    }

    @Test("control characters and invalid UTF-8 are refused; other Unicode passes")
    func characters() throws {
        #expect(refusal(FixtureFiles.plist("<string>a\u{1}b</string>")) == .invalidCharacter)
        var broken = FixtureFiles.plist("<string>ab</string>")
        let index = broken.firstRange(of: Data("ab".utf8))!.lowerBound
        broken[index] = 0xC0
        #expect(refusal(broken) == .invalidCharacter)
        let text = "Zoë’s iPad 🍎"
        #expect(try PropertyListGuard().decode(FixtureFiles.plist("<string>\(text)</string>")) == .string(text))
    }

    @Test("element count is bounded")
    func elementCount() {
        let body = FixtureFiles.plist("<array>" + String(repeating: "<true/>", count: 20) + "</array>")
        #expect(refusal(body, limits: PropertyListLimits(maximumElements: 10)) == .tooManyElements(limit: 10))
        #expect(refusal(body) == nil)
    }

    @Test("refusal text is fixed wording that never echoes the body")
    func clientSafeReason() {
        let refusal = PropertyListRefusal(.undeclaredEntityReference, offset: 12)
        #expect(refusal.clientSafeReason == "entity reference other than the XML predefined ones")
        #expect(refusal.description.contains("12"))
    }
}
