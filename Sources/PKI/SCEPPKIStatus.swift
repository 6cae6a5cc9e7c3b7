/// SCEP's pkiStatus attribute on a CertRep (RFC 8894 §3.2.1.3), sent as a decimal PrintableString.
public enum SCEPPKIStatus: Int, Sendable, Hashable, CaseIterable {
    /// The request was granted; the CertRep carries the certificate.
    case success = 0
    /// The request was refused; failInfo says why.
    case failure = 2
    /// The request awaits manual approval (never sent by Palisade's server).
    case pending = 3

    /// Parses the attribute's text, refusing anything but a listed decimal number.
    public init?(attributeText: String) {
        guard let number = Int(attributeText), let status = SCEPPKIStatus(rawValue: number) else { return nil }
        self = status
    }

    public var attributeText: String { String(rawValue) }
}
