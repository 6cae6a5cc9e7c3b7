import Foundation
import SwiftASN1
import X509

/// A CMS SignedData (RFC 5652 §5) received inside a ContentInfo: the encapsulated content (nil when
/// the signature is detached), the certificates it carries and its signers.
///
/// Parsing accepts DER and BER (indefinite lengths and chunked OCTET STRINGs, as OpenSSL's streaming
/// output and device stacks send) and refuses anything over the size limit, malformed, deeper than
/// SwiftASN1's nesting limit, or with more than 64 certificates or 16 signers. Certificates this package
/// cannot parse (other certificate choices, keys X509 refuses) are skipped, not fatal: the signer's own
/// certificate must still be found for verification to succeed. Verification checks one signer's
/// signature and returns its certificate; whether that certificate is trusted is the caller's decision
/// (see ``X509/Certificate/chains(to:intermediates:at:)``).
public struct CMSSignedData: Sendable {
    /// The default cap on an input's size.
    public static let defaultSizeLimit = 1 << 20
    static let maximumCertificates = 64
    static let maximumSigners = 16

    /// The SignedData version.
    public var version: Int
    /// The digest algorithms listed for the signers (informational; each signer names its own).
    public var digestAlgorithms: [CMSAlgorithmIdentifier]
    /// The encapsulated content's type (eContentType), usually id-data.
    public var contentType: ASN1ObjectIdentifier
    /// The encapsulated content, or nil for a detached signature.
    public var content: [UInt8]?
    /// The certificates carried in the message that this package could parse, in the order received.
    public var certificates: [Certificate]
    /// The signers, in the order received; empty for a certs-only message.
    public var signers: [CMSSignerInfo]

    /// Parses a ContentInfo of type signedData.
    public init(berEncoded bytes: [UInt8], sizeLimit: Int = CMSSignedData.defaultSizeLimit) throws(CMSError) {
        let node = try CMSContentInfo.content(of: bytes, expected: CMSObjectIdentifier.signedData, limit: sizeLimit)
        let fields = try node.children(of: "SignedData", tag: .sequence)
        guard fields.count >= 4 else { throw .malformed("SignedData has \(fields.count) fields") }
        var index = 0
        version = try fields[index].smallInteger(of: "SignedData.version")
        index += 1

        let digestNodes = try fields[index].children(of: "SignedData.digestAlgorithms", tag: .set)
        guard digestNodes.count <= Self.maximumSigners else { throw .tooManyElements("digest algorithms", limit: Self.maximumSigners) }
        var digests = [CMSAlgorithmIdentifier]()
        for digestNode in digestNodes {
            digests.append(try CMSAlgorithmIdentifier(node: digestNode, place: "SignedData.digestAlgorithms"))
        }
        digestAlgorithms = digests
        index += 1

        let encapsulated = try fields[index].children(of: "SignedData.encapContentInfo", tag: .sequence)
        guard (1...2).contains(encapsulated.count) else {
            throw .malformed("EncapsulatedContentInfo has \(encapsulated.count) fields")
        }
        contentType = try encapsulated[0].objectIdentifier(of: "EncapsulatedContentInfo.eContentType")
        if encapsulated.count == 2 {
            let explicit = try encapsulated[1].children(of: "EncapsulatedContentInfo.eContent", tag: CMSContentInfo.contentTag)
            guard explicit.count == 1 else { throw .malformed("eContent holds \(explicit.count) values") }
            content = try explicit[0].octets(of: "EncapsulatedContentInfo.eContent")
        } else {
            content = nil
        }
        index += 1

        var parsedCertificates = [Certificate]()
        let certificatesTag = ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)
        if index < fields.count, fields[index].identifier == certificatesTag {
            let choices = try fields[index].children(of: "SignedData.certificates", tag: certificatesTag)
            guard choices.count <= Self.maximumCertificates else {
                throw .tooManyElements("certificates", limit: Self.maximumCertificates)
            }
            // Only the plain Certificate choice (a SEQUENCE) is read; the other choices are tagged and
            // obsolete. Certificates are DER inside even a BER message, so their own bytes are parsed.
            for choice in choices where choice.identifier == .sequence {
                if let certificate = try? Certificate(derEncoded: Array(choice.encodedBytes)) {
                    parsedCertificates.append(certificate)
                }
            }
            index += 1
        }
        certificates = parsedCertificates

        let crlsTag = ASN1Identifier(tagWithNumber: 1, tagClass: .contextSpecific)
        if index < fields.count, fields[index].identifier == crlsTag {
            index += 1
        }

        guard index < fields.count else { throw .malformed("SignedData is missing signerInfos") }
        let signerNodes = try fields[index].children(of: "SignedData.signerInfos", tag: .set)
        guard signerNodes.count <= Self.maximumSigners else { throw .tooManyElements("signers", limit: Self.maximumSigners) }
        var parsedSigners = [CMSSignerInfo]()
        for signerNode in signerNodes {
            parsedSigners.append(try CMSSignerInfo(node: signerNode))
        }
        signers = parsedSigners
        index += 1
        guard index == fields.count else { throw .malformed("SignedData has unexpected trailing fields") }
    }

    /// Verifies `signer` and returns its certificate.
    ///
    /// - Parameters:
    ///   - detachedContent: the content when the signature is detached. When the message carries its
    ///     own content this must be nil or equal to it.
    ///   - additionalCertificates: more candidates for the signer certificate, for messages that do not
    ///     carry it (a SCEP CertRep may rely on the CA certificate the client already holds).
    /// - Throws: ``CMSError`` naming the first check that failed: missing content, unknown signer,
    ///   unsupported algorithm, missing or mismatched contentType/messageDigest, or a bad signature.
    public func verify(
        _ signer: CMSSignerInfo,
        detachedContent: [UInt8]? = nil,
        additionalCertificates: [Certificate] = []
    ) throws(CMSError) -> Certificate {
        let signedContent: [UInt8]
        switch (content, detachedContent) {
        case (let embedded?, nil): signedContent = embedded
        case (nil, let detached?): signedContent = detached
        case (let embedded?, let detached?):
            guard embedded == detached else { throw .contentMissing }
            signedContent = embedded
        case (nil, nil): throw .contentMissing
        }

        guard let certificate = (certificates + additionalCertificates).first(where: signer.signerIdentifier.matches) else {
            throw .signerCertificateNotFound
        }
        guard signer.digestAlgorithm.hasNoParameters else {
            throw .malformed("digest algorithm \(signer.digestAlgorithm.algorithm) has parameters")
        }
        let digest = try CMSDigestAlgorithm(objectIdentifier: signer.digestAlgorithm.algorithm)

        let signedBytes: [UInt8]
        if let attributes = signer.signedAttributes, let encoded = signer.signedAttributesForSignature {
            guard let digestAttribute = attributes.first(where: { $0.type == CMSObjectIdentifier.messageDigest }) else {
                throw .missingSignedAttribute(CMSObjectIdentifier.messageDigest)
            }
            guard let claimed = digestAttribute.octetStringValue else { throw .badSignedAttribute(CMSObjectIdentifier.messageDigest) }
            guard Self.constantTimeEqual(claimed, digest.hash(signedContent)) else { throw .messageDigestMismatch }

            guard let typeAttribute = attributes.first(where: { $0.type == CMSObjectIdentifier.contentType }) else {
                throw .missingSignedAttribute(CMSObjectIdentifier.contentType)
            }
            guard let claimedType = typeAttribute.objectIdentifierValue else { throw .badSignedAttribute(CMSObjectIdentifier.contentType) }
            guard claimedType == contentType else { throw .contentTypeMismatch }
            signedBytes = encoded
        } else {
            // RFC 5652 §5.3: without signed attributes the content type must be id-data, because nothing
            // else would bind the type to the signature.
            guard contentType == CMSObjectIdentifier.data else { throw .missingSignedAttribute(CMSObjectIdentifier.contentType) }
            signedBytes = signedContent
        }

        try CMSSignatureScheme.verify(
            signature: signer.signature,
            over: signedBytes,
            algorithm: signer.signatureAlgorithm,
            digest: digest,
            publicKey: certificate.publicKey
        )
        return certificate
    }

    /// Verifies every signer and returns their certificates in order; refuses a message with no signers.
    public func verifyAllSigners(
        detachedContent: [UInt8]? = nil,
        additionalCertificates: [Certificate] = []
    ) throws(CMSError) -> [Certificate] {
        guard !signers.isEmpty else { throw .noSigners }
        var verified = [Certificate]()
        for signer in signers {
            verified.append(try verify(signer, detachedContent: detachedContent, additionalCertificates: additionalCertificates))
        }
        return verified
    }

    static func constantTimeEqual(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
