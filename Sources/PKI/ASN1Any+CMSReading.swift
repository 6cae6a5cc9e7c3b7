import SwiftASN1

/// Turning an attribute value back into a node so CMS code can read it with the BER-aware readers.
extension ASN1Any {
    /// The value as a parsed node.
    func node(of place: String) throws(CMSError) -> ASN1Node {
        let bytes = encodedBytes
        return try CMSError.decoding(place) { try BER.parse(bytes) }
    }

    /// The value's DER encoding.
    var encodedBytes: [UInt8] {
        var serializer = DER.Serializer()
        // Serializing an ASN1Any copies its stored bytes and cannot fail.
        try? serializer.serialize(self)
        return serializer.serializedBytes
    }
}
