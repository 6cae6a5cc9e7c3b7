/// SCEP's failInfo attribute on a FAILURE CertRep (RFC 8894 §3.2.1.4), sent as a decimal PrintableString.
public enum SCEPFailInfo: Int, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Unrecognised or unsupported algorithm.
    case badAlg = 0
    /// Integrity check (signature, digest, decryption) failed.
    case badMessageCheck = 1
    /// Transaction not permitted or supported (wrong challenge, refused subject…).
    case badRequest = 2
    /// The signingTime attribute was not close enough to the system time.
    case badTime = 3
    /// No certificate could be identified matching the provided criteria.
    case badCertId = 4

    /// Parses the attribute's text, refusing anything but a listed decimal number.
    public init?(attributeText: String) {
        guard let number = Int(attributeText), let info = SCEPFailInfo(rawValue: number) else { return nil }
        self = info
    }

    public var attributeText: String { String(rawValue) }

    public var description: String {
        switch self {
        case .badAlg: "badAlg"
        case .badMessageCheck: "badMessageCheck"
        case .badRequest: "badRequest"
        case .badTime: "badTime"
        case .badCertId: "badCertId"
        }
    }
}
