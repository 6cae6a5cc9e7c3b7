import SwiftASN1

/// The signed-attribute types of SCEP's pkiMessage (RFC 8894 §3.2.1), under the VeriSign arc
/// 2.16.840.1.113733.1.9.
public enum SCEPObjectIdentifier {
    public static let messageType: ASN1ObjectIdentifier = [2, 16, 840, 1, 113_733, 1, 9, 2]
    public static let pkiStatus: ASN1ObjectIdentifier = [2, 16, 840, 1, 113_733, 1, 9, 3]
    public static let failInfo: ASN1ObjectIdentifier = [2, 16, 840, 1, 113_733, 1, 9, 4]
    public static let senderNonce: ASN1ObjectIdentifier = [2, 16, 840, 1, 113_733, 1, 9, 5]
    public static let recipientNonce: ASN1ObjectIdentifier = [2, 16, 840, 1, 113_733, 1, 9, 6]
    public static let transactionID: ASN1ObjectIdentifier = [2, 16, 840, 1, 113_733, 1, 9, 7]
}
