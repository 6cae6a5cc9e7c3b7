import SwiftASN1

/// An AlgorithmIdentifier (RFC 5280 §4.1.1.2) as it appears in CMS: an OID and optional parameters.
///
/// Parameters are kept as an opaque value; the code that uses an algorithm decides what it accepts there.
public struct CMSAlgorithmIdentifier: Hashable, Sendable {
    /// The algorithm's object identifier.
    public var algorithm: ASN1ObjectIdentifier
    /// The parameters, or nil when absent (distinct from an explicit NULL).
    public var parameters: ASN1Any?

    public init(algorithm: ASN1ObjectIdentifier, parameters: ASN1Any? = nil) {
        self.algorithm = algorithm
        self.parameters = parameters
    }

    /// The identifier with an explicit NULL parameter, as RSA algorithm identifiers require.
    static func withNullParameters(_ algorithm: ASN1ObjectIdentifier) -> CMSAlgorithmIdentifier {
        // Serializing NULL cannot fail.
        CMSAlgorithmIdentifier(algorithm: algorithm, parameters: try? ASN1Any(erasing: ASN1Null()))
    }

    init(node: ASN1Node, place: String) throws(CMSError) {
        let fields = try node.children(of: place, tag: .sequence)
        guard (1...2).contains(fields.count) else { throw .malformed("\(place): AlgorithmIdentifier has \(fields.count) fields") }
        algorithm = try fields[0].objectIdentifier(of: place)
        parameters = fields.count == 2 ? ASN1Any(berEncoded: fields[1]) : nil
    }

    /// Whether the parameters are absent or NULL, the only forms digest and RSA identifiers may have.
    var hasNoParameters: Bool {
        guard let parameters else { return true }
        return parameters.encodedBytes == [0x05, 0x00]
    }

    func serialize(into serializer: inout DER.Serializer) throws {
        try serializer.appendConstructedNode(identifier: .sequence) { inner in
            try inner.serialize(algorithm)
            if let parameters { try inner.serialize(parameters) }
        }
    }
}
