import SwiftASN1
import X509

/// How a SignerInfo (sid) or KeyTransRecipientInfo (rid) names a certificate (RFC 5652 §5.3, §6.2.1).
///
/// Matching compares the issuer name and the serial number as DER values, or the subjectKeyIdentifier
/// extension byte for byte; a certificate without that extension never matches by key identifier.
public enum CMSCertificateIdentifier: Hashable, Sendable {
    /// The issuer's distinguished name and the certificate serial number.
    case issuerAndSerialNumber(issuer: DistinguishedName, serialNumber: Certificate.SerialNumber)
    /// The certificate's subjectKeyIdentifier extension value.
    case subjectKeyIdentifier([UInt8])

    /// The identifier naming `certificate` by issuer and serial number.
    public init(issuerAndSerialNumberOf certificate: Certificate) {
        self = .issuerAndSerialNumber(issuer: certificate.issuer, serialNumber: certificate.serialNumber)
    }

    /// Whether `certificate` is the one this identifier names.
    public func matches(_ certificate: Certificate) -> Bool {
        switch self {
        case .issuerAndSerialNumber(let issuer, let serialNumber):
            return certificate.serialNumber == serialNumber && certificate.issuer == issuer
        case .subjectKeyIdentifier(let identifier):
            guard let extensionValue = try? certificate.extensions.subjectKeyIdentifier else { return false }
            return Array(extensionValue.keyIdentifier) == identifier
        }
    }

    init(node: ASN1Node, place: String) throws(CMSError) {
        if node.identifier == .sequence {
            let fields = try node.children(of: place, tag: .sequence)
            guard fields.count == 2 else { throw .malformed("\(place): IssuerAndSerialNumber has \(fields.count) fields") }
            let issuerNode = fields[0]
            let issuer = try CMSError.decoding("\(place) issuer") {
                try DistinguishedName(derEncoded: try DER.parse(issuerNode.definiteLengthEncoding))
            }
            let serial = try fields[1].integerBytes(of: "\(place) serialNumber")
            self = .issuerAndSerialNumber(issuer: issuer, serialNumber: Certificate.SerialNumber(bytes: serial))
        } else if node.identifier == ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific) {
            let identifier = try node.octets(of: "\(place) subjectKeyIdentifier", tag: node.identifier)
            self = .subjectKeyIdentifier(identifier)
        } else {
            throw .malformed("\(place): unknown identifier choice \(node.identifier)")
        }
    }

    /// The DER encoding, for SignerInfo.sid and KeyTransRecipientInfo.rid.
    func serialize(into serializer: inout DER.Serializer) throws {
        switch self {
        case .issuerAndSerialNumber(let issuer, let serialNumber):
            try serializer.appendConstructedNode(identifier: .sequence) { inner in
                try inner.serialize(issuer)
                // The serial number holds the unsigned magnitude; serializing it as an INTEGER adds the
                // leading zero octet a set top bit needs, exactly as the certificate itself encodes it.
                try inner.serialize(serialNumber.bytes)
            }
        case .subjectKeyIdentifier(let identifier):
            serializer.appendPrimitiveNode(identifier: ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)) {
                $0.append(contentsOf: identifier)
            }
        }
    }

    /// The version a SignerInfo must carry with this identifier (RFC 5652 §5.3).
    var signerInfoVersion: Int {
        switch self {
        case .issuerAndSerialNumber: 1
        case .subjectKeyIdentifier: 3
        }
    }

    /// The version a KeyTransRecipientInfo must carry with this identifier (RFC 5652 §6.2.1).
    var recipientInfoVersion: Int {
        switch self {
        case .issuerAndSerialNumber: 0
        case .subjectKeyIdentifier: 2
        }
    }
}
