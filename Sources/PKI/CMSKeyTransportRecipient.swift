import SwiftASN1

/// A KeyTransRecipientInfo (RFC 5652 §6.2.1): which certificate's key the content-encryption key was
/// encrypted to, how, and the encrypted key.
///
/// Parsing refuses a malformed structure; an unsupported key-encryption algorithm is kept here and
/// only refused when this recipient is the one asked to decrypt.
public struct CMSKeyTransportRecipient: Hashable, Sendable {
    /// 0 with issuerAndSerialNumber, 2 with subjectKeyIdentifier.
    public var version: Int
    /// The recipient's certificate.
    public var recipientIdentifier: CMSCertificateIdentifier
    /// The key-encryption algorithm as received.
    public var keyEncryptionAlgorithm: CMSAlgorithmIdentifier
    /// The encrypted content-encryption key.
    public var encryptedKey: [UInt8]

    init(node: ASN1Node) throws(CMSError) {
        let place = "KeyTransRecipientInfo"
        let fields = try node.children(of: place, tag: .sequence)
        guard fields.count == 4 else { throw .malformed("\(place) has \(fields.count) fields") }
        version = try fields[0].smallInteger(of: "\(place).version")
        recipientIdentifier = try CMSCertificateIdentifier(node: fields[1], place: "\(place).rid")
        keyEncryptionAlgorithm = try CMSAlgorithmIdentifier(node: fields[2], place: "\(place).keyEncryptionAlgorithm")
        encryptedKey = try fields[3].octets(of: "\(place).encryptedKey")
    }
}
