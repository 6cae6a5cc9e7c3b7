import _CryptoExtras
import Foundation
import SwiftASN1
import X509

/// Builds the CertRep pkiMessages (RFC 8894 §3.3.2) that answer one transaction: signed by the CA with
/// transactionID, messageType 3, pkiStatus, recipientNonce (the request's senderNonce), a fresh
/// senderNonce, and failInfo on FAILURE.
struct CertRepBuilder: Sendable {
    /// The request's transactionID attribute, echoed as received so a client that used another string
    /// type than PrintableString still recognises it.
    let transactionID: CMSAttribute
    let recipientNonce: [UInt8]
    let digest: CMSDigestAlgorithm
    let caCertificate: Certificate
    let caKey: _RSA.Signing.PrivateKey

    /// FAILURE: no envelope, just the signed attributes. The eContent is present and empty, as deployed
    /// SCEP servers send it, so verifiers that insist on attached content still check the signature.
    func failure(_ failInfo: SCEPFailInfo) throws(SCEPError) -> [UInt8] {
        try signed(content: [], status: .failure, failInfo: failInfo)
    }

    /// SUCCESS: a certs-only SignedData with the issued certificate, enveloped to the requester.
    func success(
        issued certificate: Certificate,
        to requester: Certificate,
        algorithm: CMSContentEncryptionAlgorithm,
        keyTransport: CMSKeyTransport
    ) throws(SCEPError) -> [UInt8] {
        let envelope: [UInt8]
        do {
            let certsOnly = try CMSSignedData.certificatesOnly([certificate])
            envelope = try CMSEnvelopedData.encrypt(certsOnly, to: [requester], algorithm: algorithm, keyTransport: keyTransport)
        } catch {
            throw .responseEncodingFailed(error)
        }
        return try signed(content: envelope, status: .success, failInfo: nil)
    }

    private func signed(content: [UInt8], status: SCEPPKIStatus, failInfo: SCEPFailInfo?) throws(SCEPError) -> [UInt8] {
        var attributes = SCEPMessageAttributes()
        attributes.messageType = .certRep
        attributes.pkiStatus = status
        attributes.failInfo = failInfo
        attributes.senderNonce = SecureRandom.bytes(16)
        attributes.recipientNonce = recipientNonce
        do {
            let signer = try CMSSigner(certificate: caCertificate, privateKey: Certificate.PrivateKey(caKey), digest: digest)
            return try CMSSignedData.sign(
                content, signer: signer, detached: false,
                additionalSignedAttributes: [transactionID] + attributes.cmsAttributes(),
                certificates: [caCertificate]
            )
        } catch {
            throw .responseEncodingFailed(error)
        }
    }
}
