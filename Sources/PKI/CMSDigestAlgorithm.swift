import Foundation
import Crypto
import SwiftASN1

/// A message digest CMS can name for a signer: SHA-1 (only for old SCEP clients) or SHA-2.
///
/// Initialising from an OID refuses anything else (MD5, SHA-224, SHA-3…) with
/// ``CMSError/unsupportedDigestAlgorithm(_:)``.
public enum CMSDigestAlgorithm: String, Hashable, Sendable, CaseIterable {
    case sha1
    case sha256
    case sha384
    case sha512

    /// The algorithm's object identifier.
    public var objectIdentifier: ASN1ObjectIdentifier {
        switch self {
        case .sha1: CMSObjectIdentifier.sha1
        case .sha256: CMSObjectIdentifier.sha256
        case .sha384: CMSObjectIdentifier.sha384
        case .sha512: CMSObjectIdentifier.sha512
        }
    }

    /// Looks up the digest an OID names.
    public init(objectIdentifier: ASN1ObjectIdentifier) throws(CMSError) {
        guard let match = Self.allCases.first(where: { $0.objectIdentifier == objectIdentifier }) else {
            throw .unsupportedDigestAlgorithm(objectIdentifier)
        }
        self = match
    }

    /// The digest of `bytes` as raw octets.
    public func hash(_ bytes: some DataProtocol) -> [UInt8] {
        switch self {
        case .sha1: Array(Insecure.SHA1.hash(data: bytes))
        case .sha256: Array(SHA256.hash(data: bytes))
        case .sha384: Array(SHA384.hash(data: bytes))
        case .sha512: Array(SHA512.hash(data: bytes))
        }
    }

    /// The digest of `bytes` as a swift-crypto digest value, which the signature APIs take.
    func digest(_ bytes: some DataProtocol) -> any Digest {
        switch self {
        case .sha1: Insecure.SHA1.hash(data: bytes)
        case .sha256: SHA256.hash(data: bytes)
        case .sha384: SHA384.hash(data: bytes)
        case .sha512: SHA512.hash(data: bytes)
        }
    }

    /// The AlgorithmIdentifier written for this digest: parameters absent, as RFC 5754 asks of SHA-2
    /// and RFC 3370 prefers for SHA-1.
    var algorithmIdentifier: CMSAlgorithmIdentifier {
        CMSAlgorithmIdentifier(algorithm: objectIdentifier)
    }
}
