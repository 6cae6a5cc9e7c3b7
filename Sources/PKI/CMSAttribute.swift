import SwiftASN1

/// One CMS attribute (RFC 5652 §5.3): a type and its SET OF values, kept as raw ASN.1 so callers such as
/// SCEP can read attributes this module knows nothing about.
///
/// The typed accessors refuse (return nil) unless there is exactly one value of the expected kind.
public struct CMSAttribute: Hashable, Sendable {
    /// The attribute type.
    public var type: ASN1ObjectIdentifier
    /// The attribute values in the order received.
    public var values: [ASN1Any]

    public init(type: ASN1ObjectIdentifier, values: [ASN1Any]) {
        self.type = type
        self.values = values
    }

    /// An attribute with a single PrintableString value (SCEP's messageType, pkiStatus, failInfo and
    /// transactionID). Refuses characters PrintableString cannot hold.
    public static func printableString(_ type: ASN1ObjectIdentifier, _ value: String) throws(CMSError) -> CMSAttribute {
        let value = try CMSError.encoding("PrintableString \(type)") { try ASN1Any(erasing: ASN1PrintableString(value)) }
        return CMSAttribute(type: type, values: [value])
    }

    /// An attribute with a single OCTET STRING value (SCEP's nonces, CMS messageDigest).
    public static func octetString(_ type: ASN1ObjectIdentifier, _ bytes: [UInt8]) -> CMSAttribute {
        // Serializing an OCTET STRING cannot fail.
        CMSAttribute(type: type, values: [try! ASN1Any(erasing: ASN1OctetString(contentBytes: bytes[...]))])
    }

    /// The single value as text, when it is a PrintableString, UTF8String, IA5String or BMPString.
    public var stringValue: String? {
        guard values.count == 1, let node = try? values[0].node(of: "attribute") else { return nil }
        guard case .primitive(let bytes) = node.content else { return nil }
        switch node.identifier {
        case .printableString:
            return (try? ASN1PrintableString(berEncoded: node)).map(String.init)
        case .utf8String:
            return String(validating: bytes, as: UTF8.self)
        case .ia5String:
            return (try? ASN1IA5String(berEncoded: node)).map(String.init)
        case .bmpString:
            // UCS-2 big-endian; some Windows-derived clients write challenge passwords this way.
            guard bytes.count % 2 == 0 else { return nil }
            let units = stride(from: bytes.startIndex, to: bytes.endIndex, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
            return String(validating: units, as: UTF16.self)
        default:
            return nil
        }
    }

    /// The single value's octets, when it is an OCTET STRING (primitive or BER-constructed).
    public var octetStringValue: [UInt8]? {
        guard values.count == 1, let node = try? values[0].node(of: "attribute") else { return nil }
        return try? node.octets(of: "attribute")
    }

    /// The single value's object identifier, when it is one (contentType).
    public var objectIdentifierValue: ASN1ObjectIdentifier? {
        guard values.count == 1, let node = try? values[0].node(of: "attribute") else { return nil }
        return try? node.objectIdentifier(of: "attribute")
    }

    init(node: ASN1Node, place: String) throws(CMSError) {
        let fields = try node.children(of: place, tag: .sequence)
        guard fields.count == 2 else { throw .malformed("\(place): Attribute has \(fields.count) fields") }
        type = try fields[0].objectIdentifier(of: place)
        let valueNodes = try fields[1].children(of: "\(place) values", tag: .set)
        values = valueNodes.map { ASN1Any(berEncoded: $0) }
    }

    /// The DER encoding: SEQUENCE { type, SET OF values } with the values in DER order.
    func derEncoding() throws -> [UInt8] {
        var serializer = DER.Serializer()
        try serializer.appendConstructedNode(identifier: .sequence) { inner in
            try inner.serialize(type)
            let sortedValues = DEROrdering.sortedForSetOf(values.map(\.encodedBytes))
            inner.appendConstructedNode(identifier: .set) { set in
                for value in sortedValues { set.serializeRawBytes(value) }
            }
        }
        return serializer.serializedBytes
    }
}
