/// Why `PropertyListGuard` refused a body before any decoder saw it.
///
/// `clientSafeReason` is fixed text and numbers only — never bytes from the body — so it can go back to a device
/// or into a log line without echoing what an attacker sent. `offset` is the byte at which the scan stopped.
public struct PropertyListRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was wrong, precisely enough for tests and logs; see `clientSafeReason` for the wording to send.
    public enum Reason: Sendable, Hashable {
        /// The body has no bytes.
        case empty
        case tooLarge(size: Int, limit: Int)
        /// A `bplist00` body where devices send XML.
        case binaryPropertyList
        /// UTF-16, UTF-32 or a declared encoding other than UTF-8.
        case unsupportedEncoding
        /// The body does not start like an XML document.
        case notXML
        /// A DOCTYPE other than Apple's property-list DOCTYPE, or a second one, or one after the root element.
        case forbiddenDoctype
        /// A DOCTYPE with an internal subset (`[ … ]`), where entity bombs and external entities live.
        case doctypeInternalSubset
        case entityDeclaration
        /// An entity reference other than the five XML predefines and numeric character references.
        case undeclaredEntityReference
        /// A processing instruction other than the XML declaration at the very start.
        case processingInstruction
        /// `<!ELEMENT`, `<!ATTLIST`, `<!NOTATION` or another markup declaration.
        case markupDeclaration
        /// A `<![CDATA[` section; Apple's writers never produce one.
        case characterDataSection
        /// An element that is not part of Apple's property-list DTD, or one in a place the DTD does not allow.
        case unexpectedElement
        /// An attribute other than `version` on `<plist>`.
        case unexpectedAttribute
        /// Text where only a value element may stand.
        case unexpectedText
        /// A control character, an invalid UTF-8 sequence or a character reference to a character XML forbids.
        case invalidCharacter
        case tooDeep(limit: Int)
        case tooManyKeys(limit: Int)
        /// The same key twice in one dictionary: decoders keep different copies, so a checker and a consumer could
        /// be shown different values.
        case duplicateKey
        case tooManyElements(limit: Int)
        case stringTooLong(limit: Int)
        case dataTooLong(limit: Int)
        /// The body ends inside the document.
        case truncated
        /// Broken XML structure; the text is fixed wording from the scanner, never body content.
        case malformed(String)
        /// The scan passed but a value cannot be read: text `PropertyListSerialization` refused (an empty
        /// `<integer/>`, a malformed number or date), or nesting deeper than its 512 levels.
        case unreadable
        /// A value this server does not represent, such as an integer beyond the signed 64-bit range.
        case unsupportedValue
    }

    public let reason: Reason
    public let offset: Int?

    public init(_ reason: Reason, offset: Int? = nil) {
        self.reason = reason
        self.offset = offset
    }

    /// Fixed wording safe to return to a device or log.
    public var clientSafeReason: String {
        switch reason {
        case .empty: "empty body"
        case .tooLarge(_, let limit): "body larger than \(limit) bytes"
        case .binaryPropertyList: "binary property list; XML is required"
        case .unsupportedEncoding: "encoding other than UTF-8"
        case .notXML: "not an XML property list"
        case .forbiddenDoctype: "DOCTYPE other than Apple's property-list DOCTYPE"
        case .doctypeInternalSubset: "DOCTYPE with an internal subset"
        case .entityDeclaration: "entity declaration"
        case .undeclaredEntityReference: "entity reference other than the XML predefined ones"
        case .processingInstruction: "processing instruction"
        case .markupDeclaration: "markup declaration"
        case .characterDataSection: "CDATA section"
        case .unexpectedElement: "element not allowed here in a property list"
        case .unexpectedAttribute: "attribute not allowed in a property list"
        case .unexpectedText: "text outside a value"
        case .invalidCharacter: "invalid character"
        case .tooDeep(let limit): "arrays and dictionaries nested deeper than \(limit) levels"
        case .tooManyKeys(let limit): "dictionary with more than \(limit) keys"
        case .duplicateKey: "duplicate key in a dictionary"
        case .tooManyElements(let limit): "more than \(limit) elements"
        case .stringTooLong(let limit): "string longer than \(limit) bytes"
        case .dataTooLong(let limit): "data longer than \(limit) bytes of base64"
        case .truncated: "document ends early"
        case .malformed(let detail): "malformed XML: \(detail)"
        case .unreadable: "property list could not be read"
        case .unsupportedValue: "value out of the supported range"
        }
    }

    public var description: String {
        if let offset { "\(clientSafeReason) (at byte \(offset))" } else { clientSafeReason }
    }
}
