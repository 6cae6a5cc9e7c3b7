import _CryptoExtras
import Foundation
import PalisadeCore
import SwiftASN1
import X509

/// The SCEP (RFC 8894) message layer of Palisade's CA, without HTTP: GetCACaps text, the GetCACert body,
/// and PKIOperation for PKCSReq and RenewalReq.
///
/// It verifies the request's signature (by the certificate the request carries), decrypts the enveloped
/// CSR with the CA key, checks the CSR's own signature, and asks the core's `issue` closure for a decision;
/// the answer is a CertRep signed by the CA with the request's digest, its certificate enveloped to the
/// requester with the request's cipher. It refuses messages over 256 KiB and anything it cannot attribute
/// to a transaction by throwing ``SCEPError``; every later failure (bad signature or digest, wrong
/// recipient, undecryptable or malformed CSR, unsupported algorithm, a renewal not signed by a current
/// certificate of this CA, GetCertInitial) becomes a signed FAILURE CertRep with the matching failInfo.
public struct SCEPServer: Sendable {
    /// The core's decision on a verified request.
    public typealias Issue = @Sendable (SCEPRequest) async throws -> SCEPIssueOutcome

    /// Largest pkiMessage accepted. Real requests are 2–8 KB.
    public static let maximumMessageSize = 256 * 1024

    /// The CA that signs CertReps, decrypts requests and is named as their recipient.
    public let caCertificate: Certificate
    /// Certificates sent after the CA's in GetCACert (RA or intermediates).
    public let additionalCertificates: [Certificate]
    /// The GetCACert answer, built once.
    public let caCertificateResponse: SCEPCACertificateResponse

    private let caKey: _RSA.Signing.PrivateKey
    private let clock: any WallClock
    private let issue: Issue

    /// - Throws: ``SCEPError/unusableKey(_:)`` when the key is not the certificate's.
    public init(
        caCertificate: Certificate,
        caPrivateKey: _RSA.Signing.PrivateKey,
        additionalCertificates: [Certificate] = [],
        clock: any WallClock = SystemWallClock(),
        issue: @escaping Issue
    ) throws(SCEPError) {
        guard Certificate.PublicKey(caPrivateKey.publicKey) == caCertificate.publicKey else {
            throw .unusableKey("the CA private key does not belong to the CA certificate")
        }
        self.caCertificate = caCertificate
        self.additionalCertificates = additionalCertificates
        self.caKey = caPrivateKey
        self.clock = clock
        self.issue = issue
        if additionalCertificates.isEmpty {
            var serializer = DER.Serializer()
            do { try serializer.serialize(caCertificate) } catch { throw .responseEncodingFailed(.encodingFailed("\(error)")) }
            caCertificateResponse = SCEPCACertificateResponse(body: serializer.serializedBytes, contentType: "application/x-x509-ca-cert")
        } else {
            do {
                let body = try CMSSignedData.certificatesOnly([caCertificate] + additionalCertificates)
                caCertificateResponse = SCEPCACertificateResponse(body: body, contentType: "application/x-x509-ca-ra-cert")
            } catch {
                throw .responseEncodingFailed(error)
            }
        }
    }

    /// The GetCACaps answer: one capability a line.
    public var capabilities: String {
        ["POSTPKIOperation", "SHA-256", "SHA-1", "AES", "DES3", "SCEPStandard", "Renewal"].joined(separator: "\n")
    }

    /// Handles one PKIOperation message and returns the DER CertRep.
    ///
    /// - Throws: ``SCEPError`` only when no CertRep can be addressed (too large, not a pkiMessage, no
    ///   transactionID or senderNonce), when the issuing closure throws, or when the CertRep cannot be built.
    public func pkiOperation(_ message: [UInt8]) async throws(SCEPError) -> [UInt8] {
        guard message.count <= Self.maximumMessageSize else {
            throw .messageTooLarge(size: message.count, limit: Self.maximumMessageSize)
        }
        let signedData: CMSSignedData
        do {
            signedData = try CMSSignedData(berEncoded: message, sizeLimit: Self.maximumMessageSize)
        } catch {
            throw .notAPKIMessage(error)
        }
        guard signedData.signers.count == 1 else {
            throw .notAPKIMessage(signedData.signers.isEmpty ? .noSigners : .tooManyElements("signers", limit: 1))
        }
        let signerInfo = signedData.signers[0]
        let received = SCEPMessageAttributes(signerInfo)
        guard let transactionID = received.transactionID,
              let transactionIDAttribute = signerInfo.signedAttribute(SCEPObjectIdentifier.transactionID)
        else { throw .missingAttribute("transactionID") }
        guard let senderNonce = received.senderNonce else { throw .missingAttribute("senderNonce") }

        // From here on the request is answerable; failures become signed FAILURE CertReps.
        let replyDigest = (try? CMSDigestAlgorithm(objectIdentifier: signerInfo.digestAlgorithm.algorithm)) ?? .sha256
        let reply = CertRepBuilder(
            transactionID: transactionIDAttribute, recipientNonce: senderNonce, digest: replyDigest,
            caCertificate: caCertificate, caKey: caKey
        )

        let signerCertificate: Certificate
        do {
            signerCertificate = try signedData.verify(signerInfo)
        } catch {
            switch error {
            case .unsupportedDigestAlgorithm, .unsupportedSignatureAlgorithm: return try reply.failure(.badAlg)
            default: return try reply.failure(.badMessageCheck)
            }
        }

        guard let messageType = received.messageType else { return try reply.failure(.badRequest) }
        switch messageType {
        case .pkcsReq, .renewalReq:
            break
        case .certPoll, .getCert:
            // Palisade never leaves a request pending and does not serve issued certificates by serial.
            return try reply.failure(.badCertId)
        case .certRep, .getCRL:
            return try reply.failure(.badRequest)
        }
        if messageType == .renewalReq, !isCurrentCertificateOfThisCA(signerCertificate) {
            return try reply.failure(.badMessageCheck)
        }
        // The reply is enveloped to the signer certificate, which key transport needs to be RSA.
        guard _RSA.Signing.PublicKey(signerCertificate.publicKey) != nil else { return try reply.failure(.badAlg) }

        guard let inner = signedData.content, !inner.isEmpty else { return try reply.failure(.badMessageCheck) }
        let envelope: CMSEnvelopedData
        let csrBytes: [UInt8]
        do {
            envelope = try CMSEnvelopedData(berEncoded: inner, sizeLimit: Self.maximumMessageSize)
            csrBytes = try envelope.decrypt(privateKey: caKey, certificate: caCertificate)
        } catch {
            switch error {
            case .unsupportedContentEncryption, .unsupportedKeyTransport: return try reply.failure(.badAlg)
            default: return try reply.failure(.badMessageCheck)
            }
        }
        // An unparseable CSR counts as a failed integrity check, like every other failure after the RSA
        // step, so the answers cannot tell an attacker which step a forged envelope got through.
        guard let csr = try? CertificateSigningRequest(derEncoded: csrBytes) else { return try reply.failure(.badMessageCheck) }
        guard csr.publicKey.isValidSignature(csr.signature, for: csr) else { return try reply.failure(.badMessageCheck) }

        let request = SCEPRequest(
            messageType: messageType,
            transactionID: transactionID,
            certificateSigningRequest: csr,
            challengePassword: csr.scepChallengePassword,
            signerCertificate: signerCertificate,
            contentEncryptionAlgorithm: envelope.contentEncryptionAlgorithm
        )
        let outcome: SCEPIssueOutcome
        do {
            outcome = try await issue(request)
        } catch {
            throw .issuanceFailed(String(describing: error))
        }
        switch outcome {
        case .rejected(let failInfo):
            return try reply.failure(failInfo)
        case .issued(let certificate):
            // The client looks for its own key in the reply; a certificate for another key is a core bug,
            // better reported here than delivered.
            guard certificate.publicKey == csr.publicKey else {
                throw .issuanceFailed("the issued certificate does not certify the requested public key")
            }
            // Answer with the key transport the client itself used (it decrypted fine, so it is supported).
            let ourRecipient = envelope.recipients.first { $0.recipientIdentifier.matches(caCertificate) }
            let keyTransport = ourRecipient.flatMap { try? CMSKeyTransport(algorithm: $0.keyEncryptionAlgorithm) } ?? .rsaPKCS1v15
            return try reply.success(
                issued: certificate, to: signerCertificate,
                algorithm: envelope.contentEncryptionAlgorithm, keyTransport: keyTransport
            )
        }
    }

    /// A RenewalReq must be signed by a certificate this CA issued that is still valid.
    private func isCurrentCertificateOfThisCA(_ certificate: Certificate) -> Bool {
        let now = clock.now
        return certificate.issuer == caCertificate.subject
            && caCertificate.publicKey.isValidSignature(certificate.signature, for: certificate)
            && certificate.notValidBefore <= now && now <= certificate.notValidAfter
    }
}
