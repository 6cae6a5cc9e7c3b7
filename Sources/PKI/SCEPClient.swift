import _CryptoExtras
import Foundation
import SwiftASN1
import X509

/// The client side of SCEP's message layer, the mirror of ``SCEPServer``: builds PKCSReq/RenewalReq
/// pkiMessages and reads the CertReps that answer them. Used by Palisade's simulated devices and tests.
///
/// Requests are signed by `signerCertificate` (self-signed for a first enrolment, the current certificate
/// for a renewal) and enveloped to the CA with the chosen cipher. Reading a CertRep refuses one that is
/// not signed by the CA (or a certificate the CA issued), answers another transaction or nonce, or
/// holds no certificate for the requested key.
public struct SCEPClient: Sendable {
    /// The CA the request is enveloped to and whose signature a CertRep must carry.
    public let caCertificate: Certificate
    /// Signs requests; CertReps are enveloped back to it.
    public let signerCertificate: Certificate
    /// The cipher for the request envelope (AES for current clients, 3DES/DES to imitate old ones).
    public let contentEncryption: CMSContentEncryptionAlgorithm
    /// The digest of the request signature.
    public let digest: CMSDigestAlgorithm
    /// How the content key is encrypted to the CA.
    public let keyTransport: CMSKeyTransport
    private let signerKey: _RSA.Signing.PrivateKey

    /// Largest CertRep read.
    public static let maximumReplySize = 1 << 20

    /// - Throws: ``SCEPError/unusableKey(_:)`` when `signerKey` is not `signerCertificate`'s key.
    public init(
        caCertificate: Certificate,
        signerCertificate: Certificate,
        signerKey: _RSA.Signing.PrivateKey,
        contentEncryption: CMSContentEncryptionAlgorithm = .aes256CBC,
        digest: CMSDigestAlgorithm = .sha256,
        keyTransport: CMSKeyTransport = .rsaPKCS1v15
    ) throws(SCEPError) {
        guard Certificate.PublicKey(signerKey.publicKey) == signerCertificate.publicKey else {
            throw .unusableKey("the signer key does not belong to the signer certificate")
        }
        self.caCertificate = caCertificate
        self.signerCertificate = signerCertificate
        self.signerKey = signerKey
        self.contentEncryption = contentEncryption
        self.digest = digest
        self.keyTransport = keyTransport
    }

    /// Builds the pkiMessage for `csr`. The transactionID defaults to the hex SHA-256 of the CSR's public
    /// key, as RFC 8894 §3.2.1.1 suggests, so retries of one request share it.
    public func request(
        _ csr: CertificateSigningRequest,
        messageType: SCEPMessageType = .pkcsReq,
        transactionID: String? = nil
    ) throws(SCEPError) -> SCEPClientRequest {
        guard messageType == .pkcsReq || messageType == .renewalReq else {
            throw .requestEncodingFailed("only PKCSReq and RenewalReq are built")
        }
        var csrSerializer = DER.Serializer()
        do { try csrSerializer.serialize(csr) } catch { throw .requestEncodingFailed("CSR: \(error)") }
        let id = transactionID ?? CMSDigestAlgorithm.sha256.hash(Array(csr.publicKey.subjectPublicKeyInfoBytes))
            .map { String(format: "%02X", $0) }.joined()
        var attributes = SCEPMessageAttributes()
        attributes.transactionID = id
        attributes.messageType = messageType
        attributes.senderNonce = SecureRandom.bytes(16)
        do {
            let envelope = try CMSEnvelopedData.encrypt(
                csrSerializer.serializedBytes, to: [caCertificate], algorithm: contentEncryption, keyTransport: keyTransport
            )
            let signer = try CMSSigner(certificate: signerCertificate, privateKey: Certificate.PrivateKey(signerKey), digest: digest)
            let message = try CMSSignedData.sign(
                envelope, signer: signer, detached: false,
                additionalSignedAttributes: try attributes.cmsAttributes(),
                certificates: [signerCertificate]
            )
            return SCEPClientRequest(
                message: message, messageType: messageType, transactionID: id,
                senderNonce: attributes.senderNonce!, requestedPublicKey: csr.publicKey
            )
        } catch {
            throw .requestEncodingFailed(error.description)
        }
    }

    /// Verifies and reads the CertRep answering `request`.
    public func reply(to request: SCEPClientRequest, certRep: [UInt8]) throws(SCEPError) -> SCEPReply {
        let signedData: CMSSignedData
        do {
            signedData = try CMSSignedData(berEncoded: certRep, sizeLimit: Self.maximumReplySize)
        } catch {
            throw .notAPKIMessage(error)
        }
        guard signedData.signers.count == 1 else { throw .notAPKIMessage(.tooManyElements("signers", limit: 1)) }
        let signerInfo = signedData.signers[0]
        let signer: Certificate
        do {
            // A FAILURE or PENDING CertRep may omit its (empty) content altogether.
            signer = try signedData.verify(
                signerInfo, detachedContent: signedData.content == nil ? [] : nil, additionalCertificates: [caCertificate]
            )
        } catch {
            throw .responseNotTrusted(error)
        }
        guard signer == caCertificate || isIssuedByCA(signer) else { throw .responseNotTrusted(.signerCertificateNotFound) }

        let attributes = SCEPMessageAttributes(signerInfo)
        guard attributes.messageType == .certRep else { throw .responseMismatch("messageType is not CertRep") }
        guard attributes.transactionID == request.transactionID else { throw .responseMismatch("transactionID differs") }
        guard attributes.recipientNonce == request.senderNonce else { throw .responseMismatch("recipientNonce is not our senderNonce") }
        guard let status = attributes.pkiStatus else { throw .missingAttribute("pkiStatus") }

        switch status {
        case .pending:
            return .pending
        case .failure:
            guard let failInfo = attributes.failInfo else { throw .missingAttribute("failInfo") }
            return .failed(failInfo)
        case .success:
            guard let content = signedData.content, !content.isEmpty else { throw .responseUnreadable(.contentMissing) }
            do throws(CMSError) {
                let envelope = try CMSEnvelopedData(berEncoded: content, sizeLimit: Self.maximumReplySize)
                let certsOnly = try CMSSignedData(berEncoded: envelope.decrypt(privateKey: signerKey, certificate: signerCertificate))
                guard let issued = certsOnly.certificates.first(where: { $0.publicKey == request.requestedPublicKey }) else {
                    throw .signerCertificateNotFound
                }
                return .issued(issued)
            } catch {
                throw .responseUnreadable(error)
            }
        }
    }

    private func isIssuedByCA(_ certificate: Certificate) -> Bool {
        certificate.issuer == caCertificate.subject && caCertificate.publicKey.isValidSignature(certificate.signature, for: certificate)
    }

    /// A CSR for `key` with the challengePassword attribute (as a PrintableString when the password fits
    /// one, a UTF8String otherwise), signed with SHA-256.
    public static func certificateSigningRequest(
        subject: DistinguishedName,
        key: Certificate.PrivateKey,
        challengePassword: String?
    ) throws(SCEPError) -> CertificateSigningRequest {
        do {
            var attributes = CertificateSigningRequest.Attributes()
            if let challengePassword {
                let value: ASN1Any
                if let printable = try? ASN1PrintableString(challengePassword) {
                    value = try ASN1Any(erasing: printable)
                } else {
                    value = try ASN1Any(erasing: ASN1UTF8String(challengePassword))
                }
                attributes.insert(.init(oid: CMSObjectIdentifier.challengePassword, values: [value]))
            }
            let algorithm: Certificate.SignatureAlgorithm = _RSA.Signing.PublicKey(key.publicKey) != nil ? .sha256WithRSAEncryption : .ecdsaWithSHA256
            return try CertificateSigningRequest(
                version: .v1, subject: subject, privateKey: key, attributes: attributes, signatureAlgorithm: algorithm
            )
        } catch {
            throw .requestEncodingFailed("CSR: \(error)")
        }
    }

    /// The short-lived self-signed certificate a first enrolment is signed with (RFC 8894 §2.3).
    public static func selfSignedCertificate(
        key: _RSA.Signing.PrivateKey,
        subject: DistinguishedName,
        now: Date = Date(),
        validity: TimeInterval = 3600
    ) throws(SCEPError) -> Certificate {
        do {
            let privateKey = Certificate.PrivateKey(key)
            return try Certificate(
                version: .v3, serialNumber: .init(), publicKey: privateKey.publicKey,
                notValidBefore: now - 300, notValidAfter: now + validity,
                issuer: subject, subject: subject, signatureAlgorithm: .sha256WithRSAEncryption,
                extensions: Certificate.Extensions(), issuerPrivateKey: privateKey
            )
        } catch {
            throw .requestEncodingFailed("self-signed certificate: \(error)")
        }
    }
}
