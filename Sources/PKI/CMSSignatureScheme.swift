import Crypto
import _CryptoExtras
import SwiftASN1
import X509

/// What a SignerInfo's signatureAlgorithm means for verification: RSA PKCS#1 v1.5 or ECDSA, and which
/// hash the algorithm itself names (nil for bare `rsaEncryption` / `id-ecPublicKey`, which take the
/// SignerInfo's digest algorithm, as OpenSSL and Python's cryptography write them).
///
/// Refuses RSA-PSS, DSA, EdDSA and anything else by OID, and refuses pairs whose hashes disagree.
enum CMSSignatureScheme: Hashable, Sendable {
    case rsaPKCS1v15(CMSDigestAlgorithm?)
    case ecdsa(CMSDigestAlgorithm?)

    init(algorithm: CMSAlgorithmIdentifier) throws(CMSError) {
        let oid = algorithm.algorithm
        switch oid {
        case CMSObjectIdentifier.rsaEncryption: self = .rsaPKCS1v15(nil)
        case CMSObjectIdentifier.sha1WithRSAEncryption: self = .rsaPKCS1v15(.sha1)
        case CMSObjectIdentifier.sha256WithRSAEncryption: self = .rsaPKCS1v15(.sha256)
        case CMSObjectIdentifier.sha384WithRSAEncryption: self = .rsaPKCS1v15(.sha384)
        case CMSObjectIdentifier.sha512WithRSAEncryption: self = .rsaPKCS1v15(.sha512)
        case CMSObjectIdentifier.ecPublicKey: self = .ecdsa(nil)
        case CMSObjectIdentifier.ecdsaWithSHA1: self = .ecdsa(.sha1)
        case CMSObjectIdentifier.ecdsaWithSHA256: self = .ecdsa(.sha256)
        case CMSObjectIdentifier.ecdsaWithSHA384: self = .ecdsa(.sha384)
        case CMSObjectIdentifier.ecdsaWithSHA512: self = .ecdsa(.sha512)
        default: throw .unsupportedSignatureAlgorithm(oid)
        }
    }

    /// Checks `signature` over `signedBytes` with `publicKey`, hashing with `digest`.
    static func verify(
        signature: [UInt8],
        over signedBytes: [UInt8],
        algorithm: CMSAlgorithmIdentifier,
        digest: CMSDigestAlgorithm,
        publicKey: Certificate.PublicKey
    ) throws(CMSError) {
        let scheme = try CMSSignatureScheme(algorithm: algorithm)
        let valid: Bool
        switch scheme {
        case .rsaPKCS1v15(let named):
            guard named == nil || named == digest else { throw .digestAlgorithmMismatch }
            guard let key = _RSA.Signing.PublicKey(publicKey) else { throw .unsupportedSignatureAlgorithm(algorithm.algorithm) }
            let rsaSignature = _RSA.Signing.RSASignature(rawRepresentation: signature)
            valid = key.isValidSignature(rsaSignature, for: digest.digest(signedBytes), padding: .insecurePKCS1v1_5)
        case .ecdsa(let named):
            guard named == nil || named == digest else { throw .digestAlgorithmMismatch }
            let hashed = digest.digest(signedBytes)
            if let key = P256.Signing.PublicKey(publicKey) {
                guard let ecdsa = try? P256.Signing.ECDSASignature(derRepresentation: signature) else { throw .invalidSignature }
                valid = key.isValidSignature(ecdsa, for: hashed)
            } else if let key = P384.Signing.PublicKey(publicKey) {
                guard let ecdsa = try? P384.Signing.ECDSASignature(derRepresentation: signature) else { throw .invalidSignature }
                valid = key.isValidSignature(ecdsa, for: hashed)
            } else if let key = P521.Signing.PublicKey(publicKey) {
                guard let ecdsa = try? P521.Signing.ECDSASignature(derRepresentation: signature) else { throw .invalidSignature }
                valid = key.isValidSignature(ecdsa, for: hashed)
            } else {
                throw .unsupportedSignatureAlgorithm(algorithm.algorithm)
            }
        }
        guard valid else { throw .invalidSignature }
    }
}
