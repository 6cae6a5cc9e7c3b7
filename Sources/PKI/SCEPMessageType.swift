/// SCEP's messageType attribute (RFC 8894 §3.2.1.2), sent as a decimal PrintableString.
///
/// Values outside this list are refused by ``init(attributeText:)`` (returns nil).
public enum SCEPMessageType: Int, Sendable, Hashable, CaseIterable {
    /// The CA's answer.
    case certRep = 3
    /// A renewal, signed with the certificate being renewed.
    case renewalReq = 17
    /// A first enrolment, signed with a self-signed (or existing) certificate.
    case pkcsReq = 19
    /// Polling for a pending request (GetCertInitial).
    case certPoll = 20
    /// Fetching an issued certificate by issuer and serial.
    case getCert = 21
    /// Fetching a CRL.
    case getCRL = 22

    /// Parses the attribute's text, refusing anything but a listed decimal number.
    public init?(attributeText: String) {
        guard let number = Int(attributeText), let type = SCEPMessageType(rawValue: number) else { return nil }
        self = type
    }

    /// The attribute's text.
    public var attributeText: String { String(rawValue) }
}
