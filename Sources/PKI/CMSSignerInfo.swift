import SwiftASN1

/// One SignerInfo of a SignedData (RFC 5652 §5.3), as received.
///
/// Parsing it checks only its shape; ``CMSSignedData/verify(_:detachedContent:additionalCertificates:)``
/// does the cryptography. Signed attributes are exposed by OID so protocols layered on CMS (SCEP's
/// messageType, transactionID, nonces, pkiStatus, failInfo) can read their own. Refuses a SignerInfo whose
/// signed attributes repeat a type (RFC 5652 §5.3 allows each once).
public struct CMSSignerInfo: Hashable, Sendable {
    /// 1 with issuerAndSerialNumber, 3 with subjectKeyIdentifier.
    public var version: Int
    /// Which certificate made the signature.
    public var signerIdentifier: CMSCertificateIdentifier
    /// The digest applied to the content (and to the signed attributes).
    public var digestAlgorithm: CMSAlgorithmIdentifier
    /// The signed attributes, or nil when the signature covers the content directly.
    public var signedAttributes: [CMSAttribute]?
    /// The signature algorithm (rsaEncryption, shaNWithRSAEncryption, ecdsa-with-SHAn…).
    public var signatureAlgorithm: CMSAlgorithmIdentifier
    /// The signature value.
    public var signature: [UInt8]
    /// The unsigned attributes, if any; nothing here relies on them.
    public var unsignedAttributes: [CMSAttribute]?

    /// The octets the signature covers when there are signed attributes: their encoding with the
    /// [0] IMPLICIT tag replaced by the SET tag (RFC 5652 §5.4).
    let signedAttributesForSignature: [UInt8]?

    /// The signed attribute of type `type`, if present.
    public func signedAttribute(_ type: ASN1ObjectIdentifier) -> CMSAttribute? {
        signedAttributes?.first { $0.type == type }
    }

    static let maximumAttributes = 64

    init(node: ASN1Node) throws(CMSError) {
        let place = "SignerInfo"
        let fields = try node.children(of: place, tag: .sequence)
        guard fields.count >= 5 else { throw .malformed("\(place) has \(fields.count) fields") }
        var index = 0
        version = try fields[index].smallInteger(of: "\(place).version")
        index += 1
        signerIdentifier = try CMSCertificateIdentifier(node: fields[index], place: "\(place).sid")
        index += 1
        digestAlgorithm = try CMSAlgorithmIdentifier(node: fields[index], place: "\(place).digestAlgorithm")
        index += 1

        let signedTag = ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)
        if fields[index].identifier == signedTag {
            let attributesNode = fields[index]
            let attributes = try Self.attributes(attributesNode, place: "\(place).signedAttrs", tag: signedTag)
            var seen = Set<ASN1ObjectIdentifier>()
            for attribute in attributes where !seen.insert(attribute.type).inserted {
                throw .badSignedAttribute(attribute.type)
            }
            signedAttributes = attributes
            // Signers sign DER. Reusing the received octets keeps exactly what was signed; only when a BER
            // sender used indefinite lengths must the encoding be rebuilt with definite ones.
            var encoding = attributesNode.usesIndefiniteLength ? attributesNode.definiteLengthEncoding : Array(attributesNode.encodedBytes)
            encoding[0] = 0x31
            signedAttributesForSignature = encoding
            index += 1
        } else {
            signedAttributes = nil
            signedAttributesForSignature = nil
        }

        guard index + 2 <= fields.count else { throw .malformed("\(place) is missing its signature") }
        signatureAlgorithm = try CMSAlgorithmIdentifier(node: fields[index], place: "\(place).signatureAlgorithm")
        index += 1
        signature = try fields[index].octets(of: "\(place).signature")
        index += 1

        let unsignedTag = ASN1Identifier(tagWithNumber: 1, tagClass: .contextSpecific)
        if index < fields.count, fields[index].identifier == unsignedTag {
            unsignedAttributes = try Self.attributes(fields[index], place: "\(place).unsignedAttrs", tag: unsignedTag)
            index += 1
        } else {
            unsignedAttributes = nil
        }
        guard index == fields.count else { throw .malformed("\(place) has unexpected trailing fields") }
    }

    private static func attributes(_ node: ASN1Node, place: String, tag: ASN1Identifier) throws(CMSError) -> [CMSAttribute] {
        let nodes = try node.children(of: place, tag: tag)
        guard !nodes.isEmpty else { throw .malformed("\(place) is empty") }
        guard nodes.count <= maximumAttributes else { throw .tooManyElements("attributes in \(place)", limit: maximumAttributes) }
        var attributes = [CMSAttribute]()
        for (position, attributeNode) in nodes.enumerated() {
            attributes.append(try CMSAttribute(node: attributeNode, place: "\(place)[\(position)]"))
        }
        return attributes
    }
}
