import SwiftASN1

/// Why a CMS (RFC 5652) message was refused, or could not be made.
///
/// Parsing, verification and decryption report the first thing found wrong, precisely enough for a log
/// line; none of them returns partial results. Equatable so callers can map cases (for example to SCEP
/// failInfo values) and tests can name the refusal they expect.
public enum CMSError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input was larger than the caller's limit; nothing was parsed.
    case tooLarge(size: Int, limit: Int)
    /// The bytes are not BER/DER, or not the ASN.1 shape CMS requires at the named place.
    case malformed(String)
    /// The ContentInfo wraps another content type than the one asked for.
    case unexpectedContentType(ASN1ObjectIdentifier)
    /// More elements of one kind than any honest message carries (certificates, signers, recipients…).
    case tooManyElements(String, limit: Int)
    /// A SignedData has no SignerInfo, so there is nothing to verify.
    case noSigners
    /// The signature is detached and no content was supplied to check it against, or the embedded
    /// content and the supplied content differ.
    case contentMissing
    /// No certificate in the message (or supplied by the caller) matches the signer's identifier.
    case signerCertificateNotFound
    /// The digest algorithm is not SHA-1, SHA-256, SHA-384 or SHA-512.
    case unsupportedDigestAlgorithm(ASN1ObjectIdentifier)
    /// The signature algorithm is not RSA PKCS#1 v1.5 or ECDSA, or does not fit the signer's key.
    case unsupportedSignatureAlgorithm(ASN1ObjectIdentifier)
    /// The signature algorithm names a different hash from the SignerInfo's digest algorithm.
    case digestAlgorithmMismatch
    /// A signed attribute RFC 5652 requires (contentType, messageDigest) is absent.
    case missingSignedAttribute(ASN1ObjectIdentifier)
    /// An attribute type appears twice in the signed attributes, or with a number of values it may not have.
    case badSignedAttribute(ASN1ObjectIdentifier)
    /// The contentType signed attribute does not name the encapsulated content's type.
    case contentTypeMismatch
    /// The messageDigest signed attribute is not the digest of the content.
    case messageDigestMismatch
    /// The signature does not verify with the signer certificate's public key.
    case invalidSignature
    /// The private key cannot sign with the requested digest, or does not belong to the certificate.
    case unsupportedSigningKey(String)
    /// No KeyTransRecipientInfo names the given certificate (or none is of a supported kind).
    case noMatchingRecipient
    /// The key encryption algorithm is not RSA PKCS#1 v1.5 or RSAES-OAEP with SHA-1/SHA-256.
    case unsupportedKeyTransport(ASN1ObjectIdentifier)
    /// The content encryption algorithm is not AES-CBC, DES-EDE3-CBC or DES-CBC.
    case unsupportedContentEncryption(ASN1ObjectIdentifier)
    /// The recipient certificate's key is not RSA, so key transport cannot reach it.
    case unsupportedRecipientKey
    /// The content could not be decrypted: wrong key, corrupted ciphertext or bad padding. Deliberately
    /// not more specific, so the answer cannot be used as a padding oracle.
    case decryptionFailed
    /// Building the message failed inside the ASN.1 serializer or a crypto primitive.
    case encodingFailed(String)

    public var description: String {
        switch self {
        case .tooLarge(let size, let limit): "CMS message of \(size) bytes exceeds the limit of \(limit)"
        case .malformed(let reason): "malformed CMS: \(reason)"
        case .unexpectedContentType(let oid): "unexpected CMS content type \(oid)"
        case .tooManyElements(let what, let limit): "more than \(limit) \(what)"
        case .noSigners: "SignedData has no signers"
        case .contentMissing: "detached signature without the matching content"
        case .signerCertificateNotFound: "signer certificate not found"
        case .unsupportedDigestAlgorithm(let oid): "unsupported digest algorithm \(oid)"
        case .unsupportedSignatureAlgorithm(let oid): "unsupported signature algorithm \(oid)"
        case .digestAlgorithmMismatch: "signature algorithm and digest algorithm name different hashes"
        case .missingSignedAttribute(let oid): "missing signed attribute \(oid)"
        case .badSignedAttribute(let oid): "signed attribute \(oid) is duplicated or has the wrong number of values"
        case .contentTypeMismatch: "contentType attribute does not match the content"
        case .messageDigestMismatch: "messageDigest does not match the content"
        case .invalidSignature: "signature does not verify"
        case .unsupportedSigningKey(let reason): "cannot sign: \(reason)"
        case .noMatchingRecipient: "no recipient matches the decryption key's certificate"
        case .unsupportedKeyTransport(let oid): "unsupported key transport \(oid)"
        case .unsupportedContentEncryption(let oid): "unsupported content encryption \(oid)"
        case .unsupportedRecipientKey: "recipient certificate does not hold an RSA key"
        case .decryptionFailed: "decryption failed"
        case .encodingFailed(let reason): "could not encode CMS: \(reason)"
        }
    }

    /// Runs SwiftASN1 decoding and reports its untyped errors as `.malformed`, naming the place.
    static func decoding<T>(_ place: String, _ body: () throws -> T) throws(CMSError) -> T {
        do {
            return try body()
        } catch {
            throw .malformed("\(place): \(error)")
        }
    }

    /// Runs SwiftASN1 encoding or a crypto primitive and reports its errors as `.encodingFailed`.
    static func encoding<T>(_ place: String, _ body: () throws -> T) throws(CMSError) -> T {
        do {
            return try body()
        } catch let error as CMSError {
            throw error
        } catch {
            throw .encodingFailed("\(place): \(error)")
        }
    }
}
