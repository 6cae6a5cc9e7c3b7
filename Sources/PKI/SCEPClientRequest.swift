import X509

/// A PKCSReq or RenewalReq pkiMessage built by ``SCEPClient``, with what the client must remember to
/// check the CertRep that answers it.
public struct SCEPClientRequest: Sendable {
    /// The DER pkiMessage to POST to the PKIOperation endpoint.
    public let message: [UInt8]
    public let messageType: SCEPMessageType
    public let transactionID: String
    public let senderNonce: [UInt8]
    /// The key the CSR asks to certify; the issued certificate must carry it.
    public let requestedPublicKey: Certificate.PublicKey
}
