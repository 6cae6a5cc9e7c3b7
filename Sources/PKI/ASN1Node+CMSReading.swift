import SwiftASN1

/// Reading CMS fields out of BER-parsed nodes, with every failure reported as a ``CMSError`` that names
/// the field. BER matters here: OpenSSL's `-stream` output and some device stacks use indefinite lengths
/// and constructed (chunked) OCTET STRINGs, which SwiftASN1's typed decoders do not reassemble.
extension ASN1Node {
    /// The node's children, refusing a primitive node or one with another tag.
    func children(of place: String, tag: ASN1Identifier) throws(CMSError) -> [ASN1Node] {
        guard identifier == tag else { throw .malformed("\(place): expected \(tag), found \(identifier)") }
        guard case .constructed(let nodes) = content else { throw .malformed("\(place): expected a constructed value") }
        return Array(nodes)
    }

    /// An OBJECT IDENTIFIER.
    func objectIdentifier(of place: String) throws(CMSError) -> ASN1ObjectIdentifier {
        try CMSError.decoding(place) { try ASN1ObjectIdentifier(berEncoded: self) }
    }

    /// A small non-negative INTEGER such as a version number.
    func smallInteger(of place: String) throws(CMSError) -> Int {
        let value = try CMSError.decoding(place) { try Int(berEncoded: self) }
        guard (0...1000).contains(value) else { throw .malformed("\(place): integer \(value) out of range") }
        return value
    }

    /// The raw content octets of an INTEGER, for serial numbers too large for a machine integer.
    func integerBytes(of place: String) throws(CMSError) -> ArraySlice<UInt8> {
        guard identifier == .integer, case .primitive(let bytes) = content, !bytes.isEmpty else {
            throw .malformed("\(place): expected an INTEGER")
        }
        return bytes
    }

    /// The octets of an OCTET STRING (or an implicitly tagged one), concatenating the segments of a BER
    /// constructed encoding. Nesting is bounded by SwiftASN1's parse depth limit.
    func octets(of place: String, tag: ASN1Identifier = .octetString) throws(CMSError) -> [UInt8] {
        guard identifier == tag else { throw .malformed("\(place): expected \(tag), found \(identifier)") }
        var output = [UInt8]()
        try appendOctets(to: &output, place: place)
        return output
    }

    private func appendOctets(to output: inout [UInt8], place: String) throws(CMSError) {
        switch content {
        case .primitive(let bytes):
            output.append(contentsOf: bytes)
        case .constructed(let segments):
            for segment in segments {
                // X.690 8.7.3.2: each segment of a constructed string is itself an OCTET STRING.
                guard segment.identifier == .octetString else {
                    throw .malformed("\(place): segment of a constructed OCTET STRING is \(segment.identifier)")
                }
                try segment.appendOctets(to: &output, place: place)
            }
        }
    }

    /// This node's encoding with definite lengths (DER-shaped, keeping the order of children). Used where
    /// a BER indefinite-length encoding must be turned back into the DER its signer signed.
    var definiteLengthEncoding: [UInt8] {
        var serializer = DER.Serializer()
        serializer.serialize(self)
        return serializer.serializedBytes
    }

    /// Whether this node's own length was encoded in the indefinite form (BER only).
    var usesIndefiniteLength: Bool {
        guard case .constructed = content else { return false }
        // The byte after the identifier (short tags only in CMS) is 0x80 exactly for the indefinite form.
        let bytes = encodedBytes
        guard bytes.count >= 2 else { return false }
        let firstByte = bytes[bytes.startIndex]
        guard firstByte & 0x1F != 0x1F else { return false }
        return bytes[bytes.startIndex + 1] == 0x80
    }
}
