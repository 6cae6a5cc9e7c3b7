/// The single forward pass behind `PropertyListGuard`: reads the bytes of an XML property list once, holding only
/// a stack bounded by the depth limit, and refuses anything outside the shape Apple's property-list writers emit.
///
/// It is a positive model, not a general XML parser: elements are only those of Apple's PropertyList-1.0 DTD in
/// the places the DTD allows them; the only DOCTYPE is Apple's own, without an internal subset; the only entity
/// references are the five XML predefines and numeric ones; the only processing instruction is the XML declaration
/// at the very start. Anything else stops the scan at its first byte, so time is linear in the body and no entity
/// is ever expanded.
///
/// Each part it accepts is reported to `sink`, which builds the value (`PropertyListTreeBuilder`) or keeps nothing
/// (`PropertyListScanOnly`); the scan is the same either way, so decoding refuses everything inspecting refuses.
struct XMLPropertyListScanner<Sink: XMLPropertyListSink> {
    /// An open `<plist>`, `<dict>` or `<array>`. Leaf elements are read whole and never pushed.
    private struct Frame {
        var element: XMLPropertyListElement
        /// In a dictionary: the next child must be a `<key>`.
        var awaitingKey = true
        var keyCount = 0
        /// In `<plist>`: how many values it holds (exactly one is allowed).
        var valueCount = 0
        /// Hashes of the keys seen, after entity references are expanded and line ends normalised as an XML parser
        /// would, so `a&amp;` and `a&#38;` count as the same key. Kept only when the sink leaves duplicate keys to
        /// the scanner.
        var keyHashes: Set<Int> = []
    }

    private static var applePublicID: String { "-//Apple//DTD PLIST 1.0//EN" }
    private static var appleSystemID: String { "http://www.apple.com/DTDs/PropertyList-1.0.dtd" }
    /// Longest integer, real or date text accepted; Apple's are under 30 bytes.
    private static var maximumScalarLength: Int { 64 }
    private static var maximumNameLength: Int { 32 }

    private let bytes: UnsafeRawBufferPointer
    private let limits: PropertyListLimits
    private var position = 0
    private var stack: [Frame] = []
    private var elementCount = 0
    private var containerDepth = 0
    private var seenDoctype = false
    /// The text of the key being read, as a parser will deliver it; reused so keys cost no allocation each.
    private var keyBuffer: [UInt8] = []

    /// Where each accepted part is reported.
    private(set) var sink: Sink

    init(bytes: UnsafeRawBufferPointer, limits: PropertyListLimits, sink: Sink) {
        self.bytes = bytes
        self.limits = limits
        self.sink = sink
        stack.reserveCapacity(min(limits.maximumDepth, 64) + 2)
    }

    // MARK: Document

    mutating func scan() throws(PropertyListRefusal) {
        guard !bytes.isEmpty else { throw refusal(.empty) }
        if hasPrefix("bplist") { throw refusal(.binaryPropertyList) }
        if byte(at: 0) == 0xEF, byte(at: 1) == 0xBB, byte(at: 2) == 0xBF { position = 3 }
        // A UTF-16 or UTF-32 body starts with a byte-order mark or has a zero byte beside its first '<'.
        if let first = byte(at: position), first == 0xFE || first == 0xFF || first == 0x00 {
            throw refusal(.unsupportedEncoding)
        }
        if let second = byte(at: position + 1), second == 0x00 { throw refusal(.unsupportedEncoding) }
        if hasPrefix("<?xml"), let next = byte(at: position + 5), Self.isWhitespace(next) {
            try xmlDeclaration()
        }
        try prolog()
        try content()
        try epilog()
    }

    private mutating func prolog() throws(PropertyListRefusal) {
        while true {
            skipWhitespace()
            guard let current = byte(at: position) else { throw refusal(.notXML) }
            guard current == UInt8(ascii: "<") else { throw refusal(.notXML) }
            if hasPrefix("<!--") {
                try comment()
            } else if hasPrefix("<!DOCTYPE") {
                try doctype()
            } else if hasPrefix("<!") || hasPrefix("<?") {
                try refuseMarkup()
            } else {
                return
            }
        }
    }

    private mutating func epilog() throws(PropertyListRefusal) {
        while true {
            skipWhitespace()
            guard let current = byte(at: position) else { return }
            if hasPrefix("<!--") {
                try comment()
            } else if hasPrefix("<!") || hasPrefix("<?") {
                try refuseMarkup()
            } else if current == UInt8(ascii: "<") {
                throw refusal(.unexpectedElement)
            } else {
                throw refusal(.unexpectedText)
            }
        }
    }

    /// Throws the refusal for `<!…` or `<?…` markup that is not a comment or the allowed DOCTYPE.
    private func refuseMarkup() throws(PropertyListRefusal) {
        if hasPrefix("<!DOCTYPE") { throw refusal(.forbiddenDoctype) }
        if hasPrefix("<!ENTITY") { throw refusal(.entityDeclaration) }
        if hasPrefix("<![CDATA[") { throw refusal(.characterDataSection) }
        if hasPrefix("<?") { throw refusal(.processingInstruction) }
        throw refusal(.markupDeclaration)
    }

    /// `<?xml version="1.0" encoding="UTF-8"?>`: only version, encoding (UTF-8) and standalone.
    private mutating func xmlDeclaration() throws(PropertyListRefusal) {
        // Apple's writers emit exactly this; reading it attribute by attribute would accept it all the same.
        if hasPrefix(#"<?xml version="1.0" encoding="UTF-8"?>"#) {
            position += 38
            return
        }
        let limit = position + 256
        position += 5
        while true {
            skipWhitespace()
            guard position < limit else { throw refusal(.malformed("XML declaration too long")) }
            guard let current = byte(at: position) else { throw refusal(.truncated) }
            if hasPrefix("?>") {
                position += 2
                return
            }
            guard Self.isNameByte(current) else { throw refusal(.malformed("bad XML declaration")) }
            let name = readName()
            let value = try attributeValue()
            switch name {
            case "version":
                guard value == "1.0" else { throw refusal(.malformed("XML version other than 1.0")) }
            case "encoding":
                guard value.lowercased() == "utf-8" else { throw refusal(.unsupportedEncoding) }
            case "standalone":
                guard value == "yes" || value == "no" else { throw refusal(.malformed("bad XML declaration")) }
            default:
                throw refusal(.malformed("bad XML declaration"))
            }
        }
    }

    /// Only `<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">`,
    /// with any whitespace between its parts, once, before the root element.
    private mutating func doctype() throws(PropertyListRefusal) {
        let start = position
        guard !seenDoctype else { throw refusal(.forbiddenDoctype) }
        seenDoctype = true
        // An internal subset is where entity bombs and external entities are declared; name it precisely.
        var probe = position
        while probe < bytes.count, probe < start + 512, bytes[probe] != UInt8(ascii: ">") {
            if bytes[probe] == UInt8(ascii: "[") { throw PropertyListRefusal(.doctypeInternalSubset, offset: probe) }
            probe += 1
        }
        // Apple's writers emit exactly this; reading it part by part would accept it all the same.
        let canonical: StaticString =
            #"<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">"#
        if hasPrefix(canonical) {
            position += canonical.utf8CodeUnitCount
            return
        }
        position += 9
        guard skipWhitespace() > 0, readName() == "plist", skipWhitespace() > 0, readName() == "PUBLIC",
              skipWhitespace() > 0, try quotedLiteral() == Self.applePublicID, skipWhitespace() > 0,
              try quotedLiteral() == Self.appleSystemID
        else { throw PropertyListRefusal(.forbiddenDoctype, offset: start) }
        skipWhitespace()
        guard byte(at: position) == UInt8(ascii: ">") else { throw PropertyListRefusal(.forbiddenDoctype, offset: start) }
        position += 1
    }

    /// A quoted public or system identifier, at most 128 bytes; `nil` when the text here is not one.
    private mutating func quotedLiteral() throws(PropertyListRefusal) -> String? {
        guard let quote = byte(at: position), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { return nil }
        let start = position + 1
        var end = start
        while end < bytes.count, bytes[end] != quote {
            guard end - start < 128 else { return nil }
            end += 1
        }
        guard end < bytes.count else { throw refusal(.truncated) }
        position = end + 1
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    private mutating func comment() throws(PropertyListRefusal) {
        position += 4
        while true {
            guard let current = byte(at: position) else { throw refusal(.truncated) }
            if current == UInt8(ascii: "-"), byte(at: position + 1) == UInt8(ascii: "-") {
                guard byte(at: position + 2) == UInt8(ascii: ">") else { throw refusal(.malformed("'--' inside a comment")) }
                position += 3
                return
            }
            _ = try character()
        }
    }

    // MARK: Elements

    /// Reads from the root `<plist>` to its end tag.
    private mutating func content() throws(PropertyListRefusal) {
        try openTag()
        while !stack.isEmpty {
            guard let current = byte(at: position) else { throw refusal(.truncated) }
            if current == UInt8(ascii: "<") {
                switch byte(at: position + 1) {
                case UInt8(ascii: "/"): try closeContainer()
                case UInt8(ascii: "!"): if hasPrefix("<!--") { try comment() } else { try refuseMarkup() }
                case UInt8(ascii: "?"): try refuseMarkup()
                default: try openTag()
                }
            } else if Self.isWhitespace(current) {
                position += 1
            } else {
                throw refusal(.unexpectedText)
            }
        }
    }

    private mutating func openTag() throws(PropertyListRefusal) {
        let start = position
        position += 1
        guard let element = XMLPropertyListElement(packedName: readPackedName()) else {
            throw PropertyListRefusal(.unexpectedElement, offset: start)
        }
        var selfClosing = false
        while true {
            let spaces = skipWhitespace()
            guard let current = byte(at: position) else { throw refusal(.truncated) }
            if current == UInt8(ascii: ">") {
                position += 1
                break
            }
            if current == UInt8(ascii: "/") {
                guard byte(at: position + 1) == UInt8(ascii: ">") else { throw refusal(.malformed("'/' without '>'")) }
                position += 2
                selfClosing = true
                break
            }
            guard spaces > 0, Self.isNameByte(current) else { throw refusal(.malformed("bad tag")) }
            let attributeStart = position
            let name = readName()
            let value = try attributeValue()
            guard element == .plist, name == "version" else {
                throw PropertyListRefusal(.unexpectedAttribute, offset: attributeStart)
            }
            // Foundation's parser ends a tag at its first `>`, quoted or not, and then cannot read the document.
            if value.utf8.contains(UInt8(ascii: ">")) { sink.markupFoundationCannotRead() }
        }

        elementCount += 1
        guard elementCount <= limits.maximumElements else {
            throw PropertyListRefusal(.tooManyElements(limit: limits.maximumElements), offset: start)
        }
        try place(element, at: start)

        switch element {
        case .plist, .dict, .array:
            if selfClosing {
                guard element != .plist else { throw PropertyListRefusal(.malformed("empty plist"), offset: start) }
                sink.openContainer(isDictionary: element == .dict)
                sink.closeContainer()
                try completed(element, keyHash: nil, at: start)
                return
            }
            if element.isContainer {
                containerDepth += 1
                guard containerDepth <= limits.maximumDepth else {
                    throw PropertyListRefusal(.tooDeep(limit: limits.maximumDepth), offset: start)
                }
                sink.openContainer(isDictionary: element == .dict)
            }
            stack.append(Frame(element: element))
        case .trueValue, .falseValue:
            if !selfClosing { try endTag(of: element) }
            sink.leaf(element == .trueValue ? .trueValue : .falseValue, text: nil, hasReferences: false)
            try completed(element, keyHash: nil, at: start)
        case .key, .string, .integer, .real, .date, .data:
            let hashesKey = element == .key && !Sink.refusesDuplicateKeys
            if hashesKey { keyBuffer.removeAll(keepingCapacity: true) }
            var content: UnsafeRawBufferPointer?
            var hasReferences = false
            if !selfClosing {
                let textStart = position
                hasReferences = try text(of: element, collectingKey: hashesKey)
                content = UnsafeRawBufferPointer(rebasing: bytes[textStart..<position])
                try endTag(of: element)
            }
            var keyHash: Int?
            if hashesKey {
                var hasher = Hasher()
                keyBuffer.withUnsafeBytes { hasher.combine(bytes: $0) }
                keyHash = hasher.finalize()
            } else if element == .key {
                let text = content ?? UnsafeRawBufferPointer(start: nil, count: 0)
                try sink.key(text, hasReferences: hasReferences, offset: start)
            } else if let leaf = element.leaf {
                sink.leaf(leaf, text: content, hasReferences: hasReferences)
            }
            try completed(element, keyHash: keyHash, at: start)
        }
    }

    /// Checks that `element` may stand where it is, by Apple's DTD.
    private mutating func place(_ element: XMLPropertyListElement, at offset: Int) throws(PropertyListRefusal) {
        guard let parent = stack.last else {
            guard element == .plist else { throw PropertyListRefusal(.unexpectedElement, offset: offset) }
            return
        }
        let allowed: Bool
        switch parent.element {
        case .plist: allowed = element.isValue && parent.valueCount == 0
        case .dict: allowed = parent.awaitingKey ? element == .key : element.isValue
        default: allowed = element.isValue
        }
        guard allowed else { throw PropertyListRefusal(.unexpectedElement, offset: offset) }
        if element == .key {
            stack[stack.count - 1].keyCount += 1
            guard stack[stack.count - 1].keyCount <= limits.maximumKeysPerDictionary else {
                throw PropertyListRefusal(.tooManyKeys(limit: limits.maximumKeysPerDictionary), offset: offset)
            }
        }
    }

    /// Records a finished child in its parent frame; `keyHash` is given for a key when the scanner, not the sink,
    /// refuses duplicates.
    private mutating func completed(
        _ element: XMLPropertyListElement, keyHash: Int?, at offset: Int
    ) throws(PropertyListRefusal) {
        guard !stack.isEmpty else { return }
        let top = stack.count - 1
        switch stack[top].element {
        case .plist:
            stack[top].valueCount += 1
        case .dict:
            if element == .key {
                if let keyHash, !stack[top].keyHashes.insert(keyHash).inserted {
                    throw PropertyListRefusal(.duplicateKey, offset: offset)
                }
                stack[top].awaitingKey = false
            } else {
                stack[top].awaitingKey = true
            }
        default:
            break
        }
    }

    private mutating func closeContainer() throws(PropertyListRefusal) {
        let start = position
        guard let top = stack.last else { throw refusal(.unexpectedElement) }
        try endTag(of: top.element)
        if top.element == .dict, !top.awaitingKey {
            throw PropertyListRefusal(.malformed("key without a value"), offset: start)
        }
        if top.element == .plist, top.valueCount != 1 {
            throw PropertyListRefusal(.malformed("plist without a value"), offset: start)
        }
        stack.removeLast()
        if top.element.isContainer {
            containerDepth -= 1
            sink.closeContainer()
        }
        try completed(top.element, keyHash: nil, at: start)
    }

    /// `</name>` for `element`, with optional whitespace before `>`.
    private mutating func endTag(of element: XMLPropertyListElement) throws(PropertyListRefusal) {
        let start = position
        guard byte(at: position) != nil, let second = byte(at: position + 1) else { throw refusal(.truncated) }
        guard byte(at: position) == UInt8(ascii: "<"), second == UInt8(ascii: "/") else {
            if hasPrefix("<![CDATA[") || hasPrefix("<?") || hasPrefix("<!") && !hasPrefix("<!--") { try refuseMarkup() }
            throw PropertyListRefusal(.unexpectedElement, offset: start)
        }
        position += 2
        let name = readPackedName()
        skipWhitespace()
        guard let current = byte(at: position) else { throw refusal(.truncated) }
        guard name == element.packedName, current == UInt8(ascii: ">") else {
            throw PropertyListRefusal(.malformed("end tag does not match"), offset: start)
        }
        position += 1
    }

    /// Reads a leaf element's text up to its end tag, checking characters, references and length; with
    /// `collectingKey`, the text is collected in `keyBuffer` as an XML parser would deliver it. Returns whether the text
    /// holds a reference.
    private mutating func text(
        of element: XMLPropertyListElement, collectingKey collecting: Bool
    ) throws(PropertyListRefusal) -> Bool {
        let start = position
        let limit: Int
        let tooLong: PropertyListRefusal.Reason
        switch element {
        case .data:
            limit = limits.maximumDataLength
            tooLong = .dataTooLong(limit: limit)
        case .integer, .real, .date:
            limit = Self.maximumScalarLength
            tooLong = .malformed("number or date too long")
        default:
            limit = limits.maximumStringLength
            tooLong = .stringTooLong(limit: limit)
        }
        let freeText = element == .key || element == .string
        let plainBytes = element == .data ? XMLPropertyListElement.dataTextBytes : XMLPropertyListElement.numberTextBytes
        // Runs of bytes that need no check beyond their class are passed over in a tight loop, stopping where the
        // length limit falls; the byte that ends a run goes through the checks below, so every refusal and its
        // offset are where reading one byte at a time puts them.
        let runEnd = limit < bytes.count - start ? start + limit : bytes.count
        var hasReferences = false
        while true {
            var run = position
            if freeText {
                while run < runEnd {
                    let byte = bytes[run]
                    guard byte >= 0x20, byte < 0x80, byte != UInt8(ascii: "&"), byte != UInt8(ascii: "<") else { break }
                    run += 1
                }
                if collecting, run > position { keyBuffer.append(contentsOf: bytes[position..<run]) }
            } else {
                while run < runEnd, plainBytes.contains(bytes[run]) { run += 1 }
            }
            position = run
            guard let current = byte(at: position) else { throw refusal(.truncated) }
            if current == UInt8(ascii: "<") { return hasReferences }
            guard position - start < limit else { throw PropertyListRefusal(tooLong, offset: start) }
            if freeText {
                if current >= 0x20, current < 0x80, current != UInt8(ascii: "&") {
                    // Printable ASCII, the bulk of every document: nothing to check.
                    if collecting { keyBuffer.append(current) }
                    position += 1
                } else if current == UInt8(ascii: "&") {
                    hasReferences = true
                    let scalar = try reference()
                    if collecting { UTF8.encode(scalar) { keyBuffer.append($0) } }
                } else if current == 0x0D {
                    // XML parsers turn CR LF and a lone CR into LF; compare keys as they will be delivered.
                    if collecting { keyBuffer.append(0x0A) }
                    position += 1
                    if byte(at: position) == 0x0A { position += 1 }
                } else {
                    let begin = position
                    _ = try character()
                    if collecting { keyBuffer.append(contentsOf: bytes[begin..<position]) }
                }
            } else {
                // Base64, numbers and dates are plain ASCII; anything else is an attempt to smuggle markup.
                guard plainBytes.contains(current) else { throw refusal(.invalidCharacter) }
                position += 1
            }
        }
    }

    /// An entity or character reference at `&`; returns the character it stands for.
    private mutating func reference() throws(PropertyListRefusal) -> Unicode.Scalar {
        let start = position
        position += 1
        if byte(at: position) == UInt8(ascii: "#") {
            position += 1
            var radix: UInt32 = 10
            if byte(at: position) == UInt8(ascii: "x") {
                radix = 16
                position += 1
            }
            var value: UInt32 = 0
            var digits = 0
            while let current = byte(at: position), let digit = Self.digitValue(current, radix: radix) {
                digits += 1
                guard digits <= 8 else { throw PropertyListRefusal(.invalidCharacter, offset: start) }
                value = value * radix + digit
                position += 1
            }
            guard digits > 0, byte(at: position) == UInt8(ascii: ";") else {
                throw PropertyListRefusal(.malformed("bad character reference"), offset: start)
            }
            position += 1
            guard Self.isXMLCharacter(value), let scalar = Unicode.Scalar(value) else {
                throw PropertyListRefusal(.invalidCharacter, offset: start)
            }
            return scalar
        }
        var name = ""
        while let current = byte(at: position), Self.isNameByte(current), name.utf8.count <= 8 {
            name.unicodeScalars.append(Unicode.Scalar(current))
            position += 1
        }
        guard byte(at: position) == UInt8(ascii: ";") else {
            throw PropertyListRefusal(name.isEmpty ? .malformed("bare '&'") : .undeclaredEntityReference, offset: start)
        }
        position += 1
        switch name {
        case "lt": return "<"
        case "gt": return ">"
        case "amp": return "&"
        case "quot": return "\""
        case "apos": return "'"
        default: throw PropertyListRefusal(.undeclaredEntityReference, offset: start)
        }
    }

    /// Steps over one character, refusing control characters XML forbids and invalid UTF-8.
    private mutating func character() throws(PropertyListRefusal) -> Int {
        let start = position
        guard let lead = byte(at: position) else { throw refusal(.truncated) }
        if lead < 0x80 {
            guard lead >= 0x20 || Self.isWhitespace(lead) else { throw refusal(.invalidCharacter) }
            position += 1
            return 1
        }
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: throw refusal(.invalidCharacter)
        }
        for index in 1..<length {
            guard let next = byte(at: position + index) else { throw refusal(.truncated) }
            let range = index == 1 ? low...high : 0x80...0xBF
            guard range.contains(next) else { throw PropertyListRefusal(.invalidCharacter, offset: start) }
        }
        // U+FFFE and U+FFFF are not XML characters.
        if lead == 0xEF, bytes[position + 1] == 0xBF, bytes[position + 2] >= 0xBE {
            throw PropertyListRefusal(.invalidCharacter, offset: start)
        }
        position += length
        return length
    }

    /// `="value"` after an attribute name: at most 32 printable ASCII bytes, no markup characters.
    private mutating func attributeValue() throws(PropertyListRefusal) -> String {
        skipWhitespace()
        guard byte(at: position) == UInt8(ascii: "=") else { throw refusal(.malformed("attribute without a value")) }
        position += 1
        skipWhitespace()
        guard let quote = byte(at: position), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
            throw refusal(.malformed("unquoted attribute value"))
        }
        position += 1
        var value = ""
        while true {
            guard let current = byte(at: position) else { throw refusal(.truncated) }
            if current == quote { break }
            guard current >= 0x20, current < 0x7F, current != UInt8(ascii: "<"), current != UInt8(ascii: "&"),
                  value.utf8.count < 32
            else { throw refusal(.unexpectedAttribute) }
            value.unicodeScalars.append(Unicode.Scalar(current))
            position += 1
        }
        position += 1
        return value
    }

    // MARK: Bytes

    private func byte(at index: Int) -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    private func hasPrefix(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        let pointer = literal.utf8Start
        for index in 0..<count where bytes[position + index] != pointer[index] { return false }
        return true
    }

    /// Reads an XML-ish name of at most 32 bytes (longer ones are returned cut, and so match nothing).
    private mutating func readName() -> String {
        var name = ""
        while let current = byte(at: position), Self.isNameByte(current) {
            if name.utf8.count < Self.maximumNameLength { name.unicodeScalars.append(Unicode.Scalar(current)) }
            position += 1
        }
        return name
    }

    /// Reads a name and packs its bytes into an integer, for comparing element names without allocating; `nil` for
    /// an empty name or one longer than eight bytes, which no property-list element has.
    private mutating func readPackedName() -> UInt64? {
        var packed: UInt64 = 0
        var length = 0
        let nameBytes = ASCIIByteSet.xmlNameBytes
        while let current = byte(at: position), nameBytes.contains(current) {
            if length < 8 { packed |= UInt64(current) << (8 * UInt64(length)) }
            length += 1
            position += 1
        }
        return (1...8).contains(length) ? packed : nil
    }

    @discardableResult
    private mutating func skipWhitespace() -> Int {
        let start = position
        while let current = byte(at: position), Self.isWhitespace(current) { position += 1 }
        return position - start
    }

    private func refusal(_ reason: PropertyListRefusal.Reason) -> PropertyListRefusal {
        PropertyListRefusal(reason, offset: position)
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        ASCIIByteSet.isXMLWhitespace(byte)
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        ASCIIByteSet.xmlNameBytes.contains(byte)
    }

    private static func digitValue(_ byte: UInt8, radix: UInt32) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f") where radix == 16: UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F") where radix == 16: UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// XML 1.0's `Char` production.
    private static func isXMLCharacter(_ value: UInt32) -> Bool {
        switch value {
        case 0x09, 0x0A, 0x0D, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }
}
