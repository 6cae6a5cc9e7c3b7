import AppleMDM

/// Every rule the inspector can fire, by id. `InspectionPolicy.ruleOverrides` can change a rule's severity or
/// weight, never its id or status.
extension InspectionRule {
    // MARK: Request line

    public static let unknownPath = InspectionRule(
        id: "request.unknown-path", severity: .block, status: 403, summary: "the path is not a device endpoint")
    public static let method = InspectionRule(
        id: "request.method", severity: .block, status: 400, summary: "the method is not the endpoint's")
    public static let unexpectedBody = InspectionRule(
        id: "request.unexpected-body", severity: .block, status: 400, summary: "a GET request carries no body")
    public static let unexpectedQuery = InspectionRule(
        id: "request.unexpected-query", severity: .suspicious, weight: 20, status: 400,
        summary: "query parameters the endpoint does not read")
    public static let duplicateQuery = InspectionRule(
        id: "request.duplicate-query", severity: .block, status: 400,
        summary: "a query parameter given twice, which two parsers may read differently")
    public static let malformedQuery = InspectionRule(
        id: "request.malformed-query", severity: .block, status: 400, summary: "a query that cannot be decoded")
    public static let tooLarge = InspectionRule(
        id: "request.too-large", severity: .block, status: 413, summary: "a body larger than the endpoint allows")
    public static let contentType = InspectionRule(
        id: "request.content-type", severity: .block, status: 400, summary: "the endpoint's content type")
    public static let scepContentType = InspectionRule(
        id: "scep.content-type", severity: .suspicious, weight: 30, status: 400,
        summary: "a SCEP POST is sent as application/x-pki-message")
    public static let duplicateHeader = InspectionRule(
        id: "request.duplicate-header", severity: .block, status: 400,
        summary: "Content-Type, Content-Length or Mdm-Signature given twice")
    public static let contentLengthMismatch = InspectionRule(
        id: "request.content-length", severity: .suspicious, weight: 30, status: 400,
        summary: "a Content-Length that is not the size of the body received")

    // MARK: Identifiers

    public static let invitationFormat = InspectionRule(
        id: "identifier.invitation", severity: .block, status: 400,
        summary: "an invitation id is 1 to 64 URL-safe base64 characters")
    public static let udidFormat = InspectionRule(
        id: "identifier.udid", severity: .block, status: 400, summary: "a UDID in one of Apple's three forms")
    public static let identifierFormat = InspectionRule(
        id: "identifier.format", severity: .block, status: 400,
        summary: "EnrollmentID, UserID and EnrollmentUserID are 1 to 128 ASCII letters, digits, '.', '_' or '-'")
    public static let identifierMissing = InspectionRule(
        id: "identifier.missing", severity: .block, status: 400, summary: "a message names UDID or EnrollmentID")
    public static let identifierConflict = InspectionRule(
        id: "identifier.conflict", severity: .block, status: 400, summary: "a message never names both UDID and EnrollmentID")

    // MARK: Signature

    public static let signatureMissing = InspectionRule(
        id: "signature.missing", severity: .block, status: 403,
        summary: "check-in and connect messages carry Mdm-Signature, unless the edge saw a client certificate")
    public static let signatureBase64 = InspectionRule(
        id: "signature.base64", severity: .block, status: 400, summary: "Mdm-Signature is base64")
    public static let signatureTooLarge = InspectionRule(
        id: "signature.too-large", severity: .block, status: 400, summary: "Mdm-Signature is at most 64 KiB")
    public static let signatureStructure = InspectionRule(
        id: "signature.structure", severity: .block, status: 400,
        summary: "Mdm-Signature decodes to one DER or BER SEQUENCE (a CMS ContentInfo)")

    // MARK: Check-in and results

    public static let checkinNotDictionary = InspectionRule(
        id: "checkin.not-dictionary", severity: .block, status: 400, summary: "a check-in message is a dictionary")
    public static let checkinUnknownMessageType = InspectionRule(
        id: "checkin.unknown-message-type", severity: .block, status: 400,
        summary: "MessageType is one Apple's schema defines")
    public static let checkinMissingKey = InspectionRule(
        id: "checkin.missing-key", severity: .block, status: 400,
        summary: "the keys Apple's schema requires for the message type")
    public static let checkinWrongType = InspectionRule(
        id: "checkin.wrong-type", severity: .block, status: 400, summary: "each key holds the type Apple's schema gives it")
    public static let checkinInvalidValue = InspectionRule(
        id: "checkin.invalid-value", severity: .block, status: 400, summary: "each value within its documented format")
    public static let resultNotDictionary = InspectionRule(
        id: "result.not-dictionary", severity: .block, status: 400, summary: "a command result is a dictionary")
    public static let resultUnknownStatus = InspectionRule(
        id: "result.unknown-status", severity: .block, status: 400,
        summary: "Status is Idle, Acknowledged, Error, CommandFormatError or NotNow")
    public static let resultMissingCommandUUID = InspectionRule(
        id: "result.missing-command-uuid", severity: .block, status: 400,
        summary: "every result but Idle names the CommandUUID it answers")
    public static let resultMissingKey = InspectionRule(
        id: "result.missing-key", severity: .block, status: 400, summary: "a result carries Status and its identifiers")
    public static let resultWrongType = InspectionRule(
        id: "result.wrong-type", severity: .block, status: 400, summary: "each key holds the type Apple's schema gives it")
    public static let resultInvalidValue = InspectionRule(
        id: "result.invalid-value", severity: .block, status: 400, summary: "each value within its documented format")

    // MARK: SCEP

    public static let scepOperation = InspectionRule(
        id: "scep.operation", severity: .block, status: 400,
        summary: "operation is GetCACaps, GetCACert or PKIOperation (POST: PKIOperation only)")
    public static let scepMessage = InspectionRule(
        id: "scep.message", severity: .block, status: 400,
        summary: "a PKIOperation carries a base64 pkiMessage that is one DER or BER SEQUENCE")

    // MARK: Stateful

    public static let rateSource = InspectionRule(
        id: "rate.source", severity: .block, status: 429, summary: "requests per source address within the policy's rate")
    public static let rateDevice = InspectionRule(
        id: "rate.device", severity: .block, status: 429, summary: "requests per device within the policy's rate")

    // MARK: Freshness

    /// 403, not 503: the device would sign its retry with the same clock, so telling it to retry only makes it loop.
    /// A device whose clock is that far behind ends the session and keeps its enrolment (never 401); the refusal is
    /// logged with its device id and how far off the time was, for the operator.
    public static let signatureStale = InspectionRule(
        id: "signature.stale", severity: .block, status: 403,
        summary: "a signed message's CMS signing time is within the policy's maximum age and clock skew of the edge's clock")
    public static let signatureFutureDated = InspectionRule(
        id: "signature.future-dated", severity: .block, status: 403,
        summary: "a signed message's CMS signing time is no further ahead of the edge's clock than the allowed skew")
    /// Only when `InspectionPolicy.requireSigningTime` is on.
    public static let signatureNoSigningTime = InspectionRule(
        id: "signature.no-signing-time", severity: .block, status: 403,
        summary: "Mdm-Signature's signer carries a signingTime attribute (when the policy requires one)")

    // MARK: Responses

    public static let responseUnauthorized = InspectionRule(
        id: "response.status-401", severity: .block, status: 503,
        summary: "never 401 to a device: it removes its enrolment; the edge answers 503 instead")
    public static let responseStatus = InspectionRule(
        id: "response.status", severity: .block, status: 503,
        summary: "200, or an error status among 400, 403, 404, 410, 413, 429 and 503 as the endpoint allows")
    public static let responseBody = InspectionRule(
        id: "response.body", severity: .block, status: 503,
        summary: "replies are empty, a guarded XML plist or, for declarative management, JSON")
    public static let responseTooLarge = InspectionRule(
        id: "response.too-large", severity: .block, status: 503, summary: "a reply within the policy's size")
    public static let responseCommandShape = InspectionRule(
        id: "response.command", severity: .block, status: 503,
        summary: "a command is {Command: {RequestType}, CommandUUID} with a known or identifier-shaped RequestType")
    public static let responseCommandExtraKey = InspectionRule(
        id: "response.command-extra-key", severity: .suspicious, weight: 20, status: 503,
        summary: "a command's top level holds only Command and CommandUUID")
    public static let responseCheckinReplyKey = InspectionRule(
        id: "response.checkin-reply-key", severity: .suspicious, weight: 30, status: 503,
        summary: "a check-in reply plist holds BootstrapToken, TokenData, DigestChallenge or AuthToken")

    // MARK: Property lists

    /// The rule for a refusal by AppleMDM's `PropertyListGuard`, so every scanner reason has its own id.
    public static func propertyList(_ reason: PropertyListRefusal.Reason) -> InspectionRule {
        switch reason {
        case .empty: plist("empty", "a non-empty body")
        case .tooLarge: InspectionRule(id: "plist.too-large", severity: .block, status: 413, summary: "a body within the size limit")
        case .binaryPropertyList: plist("binary", "XML property lists only, never bplist00")
        case .unsupportedEncoding: plist("encoding", "UTF-8 only")
        case .notXML: plist("not-xml", "an XML document")
        case .forbiddenDoctype: plist("doctype", "no DOCTYPE but Apple's property-list DOCTYPE")
        case .doctypeInternalSubset: plist("doctype-internal-subset", "no DOCTYPE internal subset")
        case .entityDeclaration: plist("entity-declaration", "no entity declarations")
        case .undeclaredEntityReference: plist("entity-reference", "only the five predefined entities and numeric references")
        case .processingInstruction: plist("processing-instruction", "no processing instruction but the XML declaration")
        case .markupDeclaration: plist("markup-declaration", "no markup declarations")
        case .characterDataSection: plist("cdata", "no CDATA sections")
        case .unexpectedElement: plist("element", "only Apple's property-list elements")
        case .unexpectedAttribute: plist("attribute", "only the version attribute on <plist>")
        case .unexpectedText: plist("text", "no text outside values")
        case .invalidCharacter: plist("character", "valid UTF-8 without forbidden control characters")
        case .tooDeep: plist("depth", "nesting within the depth limit")
        case .tooManyKeys: plist("key-count", "dictionaries within the key limit")
        case .duplicateKey: plist("duplicate-key", "no key twice in one dictionary")
        case .tooManyElements: plist("element-count", "documents within the element limit")
        case .stringTooLong: plist("string-length", "strings within the length limit")
        case .dataTooLong: plist("data-length", "data within the length limit")
        case .truncated: plist("truncated", "a complete document")
        case .malformed: plist("malformed", "well-formed XML")
        case .unreadable: plist("unreadable", "a property list Foundation reads")
        case .unsupportedValue: plist("value-range", "values within the supported ranges")
        }
    }

    private static func plist(_ name: String, _ summary: String) -> InspectionRule {
        InspectionRule(id: "plist.\(name)", severity: .block, status: 400, summary: summary)
    }

    /// Every fixed rule (the property-list rules are listed once per scanner reason).
    public static var all: [InspectionRule] {
        let fixed: [InspectionRule] = [
            unknownPath, method, unexpectedBody, unexpectedQuery, duplicateQuery, malformedQuery, tooLarge, contentType,
            scepContentType, duplicateHeader, contentLengthMismatch, invitationFormat, udidFormat, identifierFormat,
            identifierMissing, identifierConflict, signatureMissing, signatureBase64, signatureTooLarge, signatureStructure,
            checkinNotDictionary, checkinUnknownMessageType, checkinMissingKey, checkinWrongType, checkinInvalidValue,
            resultNotDictionary, resultUnknownStatus, resultMissingCommandUUID, resultMissingKey, resultWrongType,
            resultInvalidValue, scepOperation, scepMessage, rateSource, rateDevice, signatureStale, signatureFutureDated,
            signatureNoSigningTime, responseUnauthorized,
            responseStatus, responseBody, responseTooLarge, responseCommandShape, responseCommandExtraKey,
            responseCheckinReplyKey,
        ]
        let reasons: [PropertyListRefusal.Reason] = [
            .empty, .tooLarge(size: 0, limit: 0), .binaryPropertyList, .unsupportedEncoding, .notXML, .forbiddenDoctype,
            .doctypeInternalSubset, .entityDeclaration, .undeclaredEntityReference, .processingInstruction,
            .markupDeclaration, .characterDataSection, .unexpectedElement, .unexpectedAttribute, .unexpectedText,
            .invalidCharacter, .tooDeep(limit: 0), .tooManyKeys(limit: 0), .duplicateKey, .tooManyElements(limit: 0),
            .stringTooLong(limit: 0), .dataTooLong(limit: 0), .truncated, .malformed(""), .unreadable, .unsupportedValue,
        ]
        return fixed + reasons.map(propertyList)
    }
}
