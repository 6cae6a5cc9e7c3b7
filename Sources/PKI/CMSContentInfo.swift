import SwiftASN1

/// The outer ContentInfo (RFC 5652 §3): a content type and the [0] EXPLICIT content.
///
/// Parsing enforces the caller's size limit before anything else, accepts BER (indefinite lengths), and
/// refuses content types other than the one expected.
enum CMSContentInfo {
    static let contentTag = ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)

    /// The inner content node of a ContentInfo that must be of type `expected`.
    static func content(of bytes: [UInt8], expected: ASN1ObjectIdentifier, limit: Int) throws(CMSError) -> ASN1Node {
        guard bytes.count <= limit else { throw .tooLarge(size: bytes.count, limit: limit) }
        let root = try CMSError.decoding("ContentInfo") { try BER.parse(bytes) }
        let fields = try root.children(of: "ContentInfo", tag: .sequence)
        guard fields.count == 2 else { throw .malformed("ContentInfo has \(fields.count) fields") }
        let type = try fields[0].objectIdentifier(of: "ContentInfo.contentType")
        guard type == expected else { throw .unexpectedContentType(type) }
        let wrapper = try fields[1].children(of: "ContentInfo.content", tag: contentTag)
        guard wrapper.count == 1 else { throw .malformed("ContentInfo.content holds \(wrapper.count) values") }
        return wrapper[0]
    }

    /// Writes ContentInfo { type, [0] EXPLICIT content } with `body` writing the content.
    static func serialize(
        type: ASN1ObjectIdentifier,
        into serializer: inout DER.Serializer,
        _ body: (inout DER.Serializer) throws -> Void
    ) throws {
        try serializer.appendConstructedNode(identifier: .sequence) { info in
            try info.serialize(type)
            try info.appendConstructedNode(identifier: contentTag, body)
        }
    }
}
