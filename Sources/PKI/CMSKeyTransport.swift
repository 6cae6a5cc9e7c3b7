import _CryptoExtras
import Foundation
import SwiftASN1

/// How the content-encryption key is encrypted to an RSA recipient: PKCS#1 v1.5 (what every SCEP client
/// and `openssl cms -encrypt` use by default) or RSAES-OAEP with SHA-1 or SHA-256 (MGF1 with the same hash,
/// empty label).
///
/// Refuses other key-encryption algorithms and OAEP parameter sets (mixed hashes, labels) with
/// ``CMSError/unsupportedKeyTransport(_:)``.
public enum CMSKeyTransport: String, Hashable, Sendable, CaseIterable {
    case rsaPKCS1v15
    case rsaOAEP
    case rsaOAEPSHA256

    var padding: _RSA.Encryption.Padding {
        switch self {
        case .rsaPKCS1v15: ._WEAK_AND_INSECURE_PKCS_V1_5
        case .rsaOAEP: .PKCS1_OAEP
        case .rsaOAEPSHA256: .PKCS1_OAEP_SHA256
        }
    }

    /// Reads the transport from a KeyTransRecipientInfo's keyEncryptionAlgorithm.
    init(algorithm: CMSAlgorithmIdentifier) throws(CMSError) {
        let unsupported = CMSError.unsupportedKeyTransport(algorithm.algorithm)
        switch algorithm.algorithm {
        case CMSObjectIdentifier.rsaEncryption:
            self = .rsaPKCS1v15
        case CMSObjectIdentifier.rsaesOAEP:
            guard let parameters = algorithm.parameters else { self = .rsaOAEP; return }
            let node = try parameters.node(of: "RSAES-OAEP-params")
            let fields = try node.children(of: "RSAES-OAEP-params", tag: .sequence)
            var hash = CMSObjectIdentifier.sha1
            var maskHash = CMSObjectIdentifier.sha1
            for field in fields {
                guard field.identifier.tagClass == .contextSpecific else { throw unsupported }
                let inner = try field.children(of: "RSAES-OAEP-params field", tag: field.identifier)
                guard inner.count == 1 else { throw .malformed("RSAES-OAEP-params field holds \(inner.count) values") }
                let identifier = try CMSAlgorithmIdentifier(node: inner[0], place: "RSAES-OAEP-params")
                switch field.identifier.tagNumber {
                case 0:
                    guard identifier.hasNoParameters else { throw unsupported }
                    hash = identifier.algorithm
                case 1:
                    guard identifier.algorithm == CMSObjectIdentifier.mgf1, let maskParameters = identifier.parameters else { throw unsupported }
                    let maskAlgorithm = try CMSAlgorithmIdentifier(node: try maskParameters.node(of: "MGF1 hash"), place: "MGF1 hash")
                    guard maskAlgorithm.hasNoParameters else { throw unsupported }
                    maskHash = maskAlgorithm.algorithm
                default:
                    // A pSourceAlgorithm means a non-empty label, which swift-crypto's OAEP cannot take.
                    throw unsupported
                }
            }
            switch (hash, maskHash) {
            case (CMSObjectIdentifier.sha1, CMSObjectIdentifier.sha1): self = .rsaOAEP
            case (CMSObjectIdentifier.sha256, CMSObjectIdentifier.sha256): self = .rsaOAEPSHA256
            default: throw unsupported
            }
        default:
            throw unsupported
        }
    }

    /// The keyEncryptionAlgorithm written for this transport.
    var algorithmIdentifier: CMSAlgorithmIdentifier {
        get throws {
            switch self {
            case .rsaPKCS1v15:
                return .withNullParameters(CMSObjectIdentifier.rsaEncryption)
            case .rsaOAEP:
                // All-default parameters (SHA-1, MGF1-SHA-1, empty label) encode as an empty SEQUENCE.
                var serializer = DER.Serializer()
                serializer.appendConstructedNode(identifier: .sequence) { _ in }
                return CMSAlgorithmIdentifier(algorithm: CMSObjectIdentifier.rsaesOAEP, parameters: try ASN1Any(derEncoded: serializer.serializedBytes))
            case .rsaOAEPSHA256:
                var serializer = DER.Serializer()
                try serializer.appendConstructedNode(identifier: .sequence) { parameters in
                    try parameters.appendConstructedNode(identifier: ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)) {
                        try CMSDigestAlgorithm.sha256.algorithmIdentifier.serialize(into: &$0)
                    }
                    try parameters.appendConstructedNode(identifier: ASN1Identifier(tagWithNumber: 1, tagClass: .contextSpecific)) { mask in
                        try mask.appendConstructedNode(identifier: .sequence) { mgf in
                            try mgf.serialize(CMSObjectIdentifier.mgf1)
                            try CMSDigestAlgorithm.sha256.algorithmIdentifier.serialize(into: &mgf)
                        }
                    }
                }
                return CMSAlgorithmIdentifier(algorithm: CMSObjectIdentifier.rsaesOAEP, parameters: try ASN1Any(derEncoded: serializer.serializedBytes))
            }
        }
    }
}
