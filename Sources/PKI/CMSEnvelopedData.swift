import _CryptoExtras
import Crypto
import Foundation
import SwiftASN1
import X509

/// A CMS EnvelopedData (RFC 5652 §6) with key-transport recipients: content encrypted under a random
/// key, that key encrypted to each recipient's RSA public key.
///
/// Parsing accepts DER and BER (indefinite lengths, chunked encryptedContent) and refuses oversized or
/// malformed input, a content-encryption algorithm other than AES-CBC/3DES-CBC/DES-CBC, a missing
/// encryptedContent, and more than 64 recipients. Recipients of other kinds (key agreement, KEK,
/// password) are skipped. Decryption answers every cryptographic failure with the same
/// ``CMSError/decryptionFailed`` and, for PKCS#1 v1.5, carries on with a stand-in key when the RSA step
/// fails, so a caller's responses cannot be turned into a Bleichenbacher padding oracle.
public struct CMSEnvelopedData: Sendable {
    /// The default cap on an input's size.
    public static let defaultSizeLimit = 1 << 20
    static let maximumRecipients = 64
    /// Keys the stand-in content key used when RSA decryption fails; per process, never stored.
    static let rejectionSecret = SymmetricKey(size: .bits256)

    /// The EnvelopedData version.
    public var version: Int
    /// The key-transport recipients, in the order received.
    public var recipients: [CMSKeyTransportRecipient]
    /// The type of the encrypted content, usually id-data.
    public var contentType: ASN1ObjectIdentifier
    /// How the content was encrypted; a reply to an old client should use the same.
    public var contentEncryptionAlgorithm: CMSContentEncryptionAlgorithm
    /// The CBC initialisation vector.
    public var initializationVector: [UInt8]
    /// The ciphertext.
    public var encryptedContent: [UInt8]

    /// Parses a ContentInfo of type envelopedData.
    public init(berEncoded bytes: [UInt8], sizeLimit: Int = CMSEnvelopedData.defaultSizeLimit) throws(CMSError) {
        let node = try CMSContentInfo.content(of: bytes, expected: CMSObjectIdentifier.envelopedData, limit: sizeLimit)
        let fields = try node.children(of: "EnvelopedData", tag: .sequence)
        guard fields.count >= 3 else { throw .malformed("EnvelopedData has \(fields.count) fields") }
        var index = 0
        version = try fields[index].smallInteger(of: "EnvelopedData.version")
        index += 1
        if fields[index].identifier == ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific) {
            index += 1 // originatorInfo: only certificates for key agreement, which is not supported.
        }
        guard index + 2 <= fields.count else { throw .malformed("EnvelopedData is missing fields") }

        let recipientNodes = try fields[index].children(of: "EnvelopedData.recipientInfos", tag: .set)
        guard recipientNodes.count <= Self.maximumRecipients else {
            throw .tooManyElements("recipients", limit: Self.maximumRecipients)
        }
        var parsedRecipients = [CMSKeyTransportRecipient]()
        for recipientNode in recipientNodes where recipientNode.identifier == .sequence {
            parsedRecipients.append(try CMSKeyTransportRecipient(node: recipientNode))
        }
        recipients = parsedRecipients
        index += 1

        let place = "EncryptedContentInfo"
        let encrypted = try fields[index].children(of: place, tag: .sequence)
        guard encrypted.count == 3 else { throw .malformed("\(place) has \(encrypted.count) fields (is encryptedContent absent?)") }
        contentType = try encrypted[0].objectIdentifier(of: "\(place).contentType")
        let algorithm = try CMSAlgorithmIdentifier(node: encrypted[1], place: "\(place).contentEncryptionAlgorithm")
        contentEncryptionAlgorithm = try CMSContentEncryptionAlgorithm(objectIdentifier: algorithm.algorithm)
        guard let ivParameter = algorithm.parameters else { throw .malformed("\(place): content encryption has no IV") }
        initializationVector = try ivParameter.node(of: "\(place) IV").octets(of: "\(place) IV")
        guard initializationVector.count == contentEncryptionAlgorithm.blockSize else {
            throw .malformed("\(place): IV is \(initializationVector.count) bytes, expected \(contentEncryptionAlgorithm.blockSize)")
        }
        let contentTag = ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)
        encryptedContent = try encrypted[2].octets(of: "\(place).encryptedContent", tag: contentTag)
        index += 1

        if index < fields.count, fields[index].identifier == ASN1Identifier(tagWithNumber: 1, tagClass: .contextSpecific) {
            index += 1 // unprotectedAttrs: nothing here reads them.
        }
        guard index == fields.count else { throw .malformed("EnvelopedData has unexpected trailing fields") }
    }

    /// Decrypts the content with `privateKey`.
    ///
    /// - Parameter certificate: the certificate of `privateKey`, used to pick the recipient. When nil the
    ///   message must have exactly one key-transport recipient.
    /// - Throws: ``CMSError/noMatchingRecipient``, ``CMSError/unsupportedKeyTransport(_:)`` or
    ///   ``CMSError/decryptionFailed``.
    public func decrypt(privateKey: _RSA.Encryption.PrivateKey, certificate: Certificate?) throws(CMSError) -> [UInt8] {
        let recipient: CMSKeyTransportRecipient
        if let certificate {
            guard let match = recipients.first(where: { $0.recipientIdentifier.matches(certificate) }) else { throw .noMatchingRecipient }
            recipient = match
        } else {
            guard recipients.count == 1 else { throw .noMatchingRecipient }
            recipient = recipients[0]
        }
        let transport = try CMSKeyTransport(algorithm: recipient.keyEncryptionAlgorithm)

        // Go on with a key that cannot work rather than failing at the RSA step: PKCS#1 v1.5 failures must
        // not be distinguishable from a bad content key (Bleichenbacher; RFC 3218 §2.3.2). The stand-in key
        // is derived from the ciphertext, not drawn afresh, so resending one ciphertext gets one behaviour
        // whether or not its padding was valid (the "implicit rejection" OpenSSL 3.2 adopted).
        let keySize = contentEncryptionAlgorithm.keySize
        let standIn = Array(HMAC<SHA256>.authenticationCode(for: recipient.encryptedKey, using: Self.rejectionSecret).prefix(keySize))
        var contentKey = (try? privateKey.decrypt(recipient.encryptedKey, padding: transport.padding)).map { Array($0) } ?? standIn
        if contentKey.count != keySize {
            contentKey = standIn
        }
        return try contentEncryptionAlgorithm.decrypt(encryptedContent, key: contentKey, iv: initializationVector)
    }

    /// Decrypts with an RSA key held in its signing form (the type certificates and CAs here use); the
    /// same key material, converted for PKCS#1 decryption.
    public func decrypt(privateKey: _RSA.Signing.PrivateKey, certificate: Certificate?) throws(CMSError) -> [UInt8] {
        let encryptionKey: _RSA.Encryption.PrivateKey
        do {
            encryptionKey = try _RSA.Encryption.PrivateKey(derRepresentation: privateKey.derRepresentation)
        } catch {
            throw .decryptionFailed
        }
        return try decrypt(privateKey: encryptionKey, certificate: certificate)
    }

    /// Encrypts `content` to each recipient certificate's RSA key and returns a DER ContentInfo holding
    /// the EnvelopedData.
    ///
    /// - Throws: ``CMSError/unsupportedRecipientKey`` when a certificate's key is not RSA (key agreement
    ///   for EC recipients is not implemented), ``CMSError/encodingFailed(_:)`` otherwise.
    public static func encrypt(
        _ content: [UInt8],
        to recipientCertificates: [Certificate],
        algorithm: CMSContentEncryptionAlgorithm = .aes256CBC,
        keyTransport: CMSKeyTransport = .rsaPKCS1v15,
        contentType: ASN1ObjectIdentifier = CMSObjectIdentifier.data
    ) throws(CMSError) -> [UInt8] {
        guard !recipientCertificates.isEmpty else { throw .encodingFailed("EnvelopedData needs at least one recipient") }
        let contentKey = algorithm.randomKey()
        let iv = SecureRandom.bytes(algorithm.blockSize)
        let ciphertext = try algorithm.encrypt(content, key: contentKey, iv: iv)

        var recipientInfos = [[UInt8]]()
        for certificate in recipientCertificates {
            guard let signingKey = _RSA.Signing.PublicKey(certificate.publicKey) else { throw .unsupportedRecipientKey }
            let identifier = CMSCertificateIdentifier(issuerAndSerialNumberOf: certificate)
            recipientInfos.append(try CMSError.encoding("KeyTransRecipientInfo") {
                let publicKey = try _RSA.Encryption.PublicKey(derRepresentation: signingKey.derRepresentation)
                let encryptedKey = try publicKey.encrypt(contentKey, padding: keyTransport.padding)
                var serializer = DER.Serializer()
                try serializer.appendConstructedNode(identifier: .sequence) { info in
                    try info.serialize(identifier.recipientInfoVersion)
                    try identifier.serialize(into: &info)
                    try keyTransport.algorithmIdentifier.serialize(into: &info)
                    try info.serialize(ASN1OctetString(contentBytes: ArraySlice(encryptedKey)))
                }
                return serializer.serializedBytes
            })
        }

        return try CMSError.encoding("EnvelopedData") {
            var serializer = DER.Serializer()
            try CMSContentInfo.serialize(type: CMSObjectIdentifier.envelopedData, into: &serializer) { outer in
                try outer.appendConstructedNode(identifier: .sequence) { enveloped in
                    try enveloped.serialize(0)
                    enveloped.appendConstructedNode(identifier: .set) { set in
                        for info in DEROrdering.sortedForSetOf(recipientInfos) { set.serializeRawBytes(info) }
                    }
                    try enveloped.appendConstructedNode(identifier: .sequence) { encrypted in
                        try encrypted.serialize(contentType)
                        let ivParameter = try ASN1Any(erasing: ASN1OctetString(contentBytes: iv[...]))
                        try CMSAlgorithmIdentifier(algorithm: algorithm.objectIdentifier, parameters: ivParameter).serialize(into: &encrypted)
                        encrypted.appendPrimitiveNode(identifier: ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)) {
                            $0.append(contentsOf: ciphertext)
                        }
                    }
                }
            }
            return serializer.serializedBytes
        }
    }
}
