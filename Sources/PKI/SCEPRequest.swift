import X509

/// A SCEP enrolment or renewal request whose outer signature has been verified and whose CSR has been
/// decrypted and checked (its own signature proves possession of the key). What ``SCEPServer`` hands to
/// the core's issuing closure.
///
/// Nothing in it has been judged: the closure decides whether the challenge password, the subject and,
/// for renewals, the signer certificate are acceptable.
public struct SCEPRequest: Sendable {
    /// PKCSReq for a first enrolment, RenewalReq for a renewal. For a renewal the server has already
    /// checked that ``signerCertificate`` was issued by its CA and is within its validity period.
    public let messageType: SCEPMessageType
    /// The client's transaction identifier.
    public let transactionID: String
    /// The certification request.
    public let certificateSigningRequest: CertificateSigningRequest
    /// The CSR's challengePassword attribute, if present.
    public let challengePassword: String?
    /// The certificate that signed the pkiMessage: self-signed for PKCSReq, the current one for RenewalReq.
    public let signerCertificate: Certificate
    /// How the client encrypted the request; the reply uses the same.
    public let contentEncryptionAlgorithm: CMSContentEncryptionAlgorithm

    /// The subject the client asks for.
    public var subject: DistinguishedName { certificateSigningRequest.subject }
    /// The public key to certify.
    public var publicKey: Certificate.PublicKey { certificateSigningRequest.publicKey }

    public init(
        messageType: SCEPMessageType,
        transactionID: String,
        certificateSigningRequest: CertificateSigningRequest,
        challengePassword: String?,
        signerCertificate: Certificate,
        contentEncryptionAlgorithm: CMSContentEncryptionAlgorithm
    ) {
        self.messageType = messageType
        self.transactionID = transactionID
        self.certificateSigningRequest = certificateSigningRequest
        self.challengePassword = challengePassword
        self.signerCertificate = signerCertificate
        self.contentEncryptionAlgorithm = contentEncryptionAlgorithm
    }
}
