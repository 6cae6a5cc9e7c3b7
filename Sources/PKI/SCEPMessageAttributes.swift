import SwiftASN1

/// The SCEP signed attributes of one pkiMessage, read leniently (any may be absent) so each side can
/// decide which it requires; a present attribute of the wrong form reads as absent.
struct SCEPMessageAttributes: Sendable {
    var transactionID: String?
    var messageType: SCEPMessageType?
    var senderNonce: [UInt8]?
    var recipientNonce: [UInt8]?
    var pkiStatus: SCEPPKIStatus?
    var failInfo: SCEPFailInfo?

    /// RFC 8894 nonces are 16 bytes; anything from 8 to 64 is taken, beyond that it is not a nonce.
    static let nonceLengths = 8...64
    /// Transaction identifiers are hashes or UUIDs in practice; a kilobyte is already generous.
    static let maximumTransactionIDLength = 1024

    init() {}

    init(_ signer: CMSSignerInfo) {
        if let text = signer.signedAttribute(SCEPObjectIdentifier.transactionID)?.stringValue,
           !text.isEmpty, text.utf8.count <= Self.maximumTransactionIDLength {
            transactionID = text
        }
        messageType = signer.signedAttribute(SCEPObjectIdentifier.messageType)?.stringValue.flatMap(SCEPMessageType.init(attributeText:))
        pkiStatus = signer.signedAttribute(SCEPObjectIdentifier.pkiStatus)?.stringValue.flatMap(SCEPPKIStatus.init(attributeText:))
        failInfo = signer.signedAttribute(SCEPObjectIdentifier.failInfo)?.stringValue.flatMap(SCEPFailInfo.init(attributeText:))
        senderNonce = Self.nonce(signer.signedAttribute(SCEPObjectIdentifier.senderNonce))
        recipientNonce = Self.nonce(signer.signedAttribute(SCEPObjectIdentifier.recipientNonce))
    }

    private static func nonce(_ attribute: CMSAttribute?) -> [UInt8]? {
        guard let bytes = attribute?.octetStringValue, nonceLengths.contains(bytes.count) else { return nil }
        return bytes
    }

    /// The attributes as CMS signed attributes, omitting absent ones.
    func cmsAttributes() throws(CMSError) -> [CMSAttribute] {
        var attributes = [CMSAttribute]()
        if let transactionID { attributes.append(try .printableString(SCEPObjectIdentifier.transactionID, transactionID)) }
        if let messageType { attributes.append(try .printableString(SCEPObjectIdentifier.messageType, messageType.attributeText)) }
        if let pkiStatus { attributes.append(try .printableString(SCEPObjectIdentifier.pkiStatus, pkiStatus.attributeText)) }
        if let failInfo { attributes.append(try .printableString(SCEPObjectIdentifier.failInfo, failInfo.attributeText)) }
        if let senderNonce { attributes.append(.octetString(SCEPObjectIdentifier.senderNonce, senderNonce)) }
        if let recipientNonce { attributes.append(.octetString(SCEPObjectIdentifier.recipientNonce, recipientNonce)) }
        return attributes
    }
}
