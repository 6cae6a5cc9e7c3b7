import _CryptoExtras
import Crypto
import SwiftASN1
import X509

/// A certificate and its private key, ready to sign CMS SignedData: RSA (PKCS#1 v1.5) or ECDSA on
/// P-256/P-384, with the digest to use.
///
/// Refuses a key that does not belong to the certificate, key types other than RSA and ECDSA P-256/P-384,
/// and SHA-1 with ECDSA (nothing that still needs SHA-1 signs with ECDSA).
public struct CMSSigner: Sendable {
    /// How an RSA SignerInfo names its signature algorithm. Both mean the same signature.
    public enum RSAAlgorithmName: Sendable, Hashable {
        /// `rsaEncryption` (1.2.840.113549.1.1.1), as OpenSSL and most SCEP implementations write it.
        case rsaEncryption
        /// `sha256WithRSAEncryption` and its siblings, naming the hash as well.
        case hashWithRSAEncryption
    }

    /// The signer's certificate, named in the SignerInfo by issuer and serial number.
    public let certificate: Certificate
    /// The certificate's private key.
    public let privateKey: Certificate.PrivateKey
    /// The digest for the content, the signed attributes and the signature.
    public let digest: CMSDigestAlgorithm
    /// How an RSA signature is named; ignored for ECDSA.
    public let rsaAlgorithmName: RSAAlgorithmName

    private let isRSA: Bool

    public init(
        certificate: Certificate,
        privateKey: Certificate.PrivateKey,
        digest: CMSDigestAlgorithm = .sha256,
        rsaAlgorithmName: RSAAlgorithmName = .rsaEncryption
    ) throws(CMSError) {
        guard privateKey.publicKey == certificate.publicKey else {
            throw .unsupportedSigningKey("the private key does not belong to the certificate")
        }
        let publicKey = certificate.publicKey
        if _RSA.Signing.PublicKey(publicKey) != nil {
            isRSA = true
        } else if P256.Signing.PublicKey(publicKey) != nil || P384.Signing.PublicKey(publicKey) != nil {
            guard digest != .sha1 else { throw .unsupportedSigningKey("ECDSA signing with SHA-1 is not offered") }
            isRSA = false
        } else {
            throw .unsupportedSigningKey("only RSA and ECDSA P-256/P-384 keys can sign")
        }
        self.certificate = certificate
        self.privateKey = privateKey
        self.digest = digest
        self.rsaAlgorithmName = rsaAlgorithmName
    }

    /// The signatureAlgorithm written in the SignerInfo.
    var signatureAlgorithmIdentifier: CMSAlgorithmIdentifier {
        if isRSA {
            switch rsaAlgorithmName {
            case .rsaEncryption: return .withNullParameters(CMSObjectIdentifier.rsaEncryption)
            case .hashWithRSAEncryption: return .withNullParameters(x509Algorithm.oid)
            }
        }
        return CMSAlgorithmIdentifier(algorithm: x509Algorithm.oid)
    }

    /// Signs `bytes` (hashing them with ``digest``) and returns the raw signature value: the RSA signature
    /// block, or the DER ECDSA-Sig-Value.
    func sign(_ bytes: [UInt8]) throws(CMSError) -> [UInt8] {
        let algorithm = x509Algorithm.algorithm
        let key = privateKey
        let signature = try CMSError.encoding("signature") { try key.sign(bytes: bytes, signatureAlgorithm: algorithm) }
        return signature.rawRepresentation
    }

    private var x509Algorithm: (algorithm: Certificate.SignatureAlgorithm, oid: ASN1ObjectIdentifier) {
        switch (isRSA, digest) {
        case (true, .sha1): (.sha1WithRSAEncryption, CMSObjectIdentifier.sha1WithRSAEncryption)
        case (true, .sha256): (.sha256WithRSAEncryption, CMSObjectIdentifier.sha256WithRSAEncryption)
        case (true, .sha384): (.sha384WithRSAEncryption, CMSObjectIdentifier.sha384WithRSAEncryption)
        case (true, .sha512): (.sha512WithRSAEncryption, CMSObjectIdentifier.sha512WithRSAEncryption)
        // SHA-1 with ECDSA was refused at init; map it to SHA-256 only to keep the switch total.
        case (false, .sha1), (false, .sha256): (.ecdsaWithSHA256, CMSObjectIdentifier.ecdsaWithSHA256)
        case (false, .sha384): (.ecdsaWithSHA384, CMSObjectIdentifier.ecdsaWithSHA384)
        case (false, .sha512): (.ecdsaWithSHA512, CMSObjectIdentifier.ecdsaWithSHA512)
        }
    }
}
