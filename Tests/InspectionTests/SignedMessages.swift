import _CryptoExtras
import Crypto
import Foundation
import PKI
import X509

/// Real CMS signatures over device messages, as a device signs them, with the signing time a test chooses; and a
/// real SCEP PKCSReq, as a client's SCEP library builds it.
enum SignedMessages {
    static let signer: CMSSigner = {
        let key = Certificate.PrivateKey(P256.Signing.PrivateKey())
        let subject = try! DistinguishedName { CommonName("Simulated device identity") }
        let now = Date()
        let certificate = try! Certificate(
            version: .v3, serialNumber: .init(), publicKey: key.publicKey, notValidBefore: now - 86_400 * 3650,
            notValidAfter: now + 86_400 * 3650, issuer: subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: Certificate.Extensions(), issuerPrivateKey: key
        )
        return try! CMSSigner(certificate: certificate, privateKey: key)
    }()

    /// `Mdm-Signature` for `body`: a detached SignedData whose signer's signingTime is `signedAt` (none when `nil`).
    static func signature(for body: Data, signedAt: Date?) throws -> String {
        Data(try CMSSignedData.sign([UInt8](body), signer: signer, detached: true, signingTime: signedAt)).base64EncodedString()
    }

    /// A DER PKCSReq pkiMessage to a throwaway RSA CA, built by PKI's SCEP client.
    static func scepRequest() throws -> [UInt8] {
        let caKey = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let ca = try SCEPClient.selfSignedCertificate(key: caKey, subject: try DistinguishedName { CommonName("Test SCEP CA") })
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let subject = try DistinguishedName { CommonName("device") }
        let csr = try SCEPClient.certificateSigningRequest(subject: subject, key: Certificate.PrivateKey(key), challengePassword: "challenge")
        let client = try SCEPClient(
            caCertificate: ca, signerCertificate: try SCEPClient.selfSignedCertificate(key: key, subject: subject), signerKey: key
        )
        return try client.request(csr).message
    }

    /// `bytes` percent-encoded as Go's `url.QueryEscape` does (`url.Values.Encode`): unreserved bytes as they are,
    /// space as `+`, everything else `%XX`.
    static func goQueryEscaped(_ bytes: [UInt8]) -> String {
        var text = ""
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                text.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                text += "+"
            default:
                text += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return text
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
