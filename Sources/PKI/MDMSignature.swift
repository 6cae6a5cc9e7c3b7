import Foundation
import PalisadeCore
import X509

/// Checks the `Mdm-Signature` header Apple devices send with check-in and command-report requests: a
/// base64 detached CMS SignedData over the exact request body, made with the device identity key.
///
/// Refuses anything malformed, unsigned, signed by more than one signer, carrying attached content, or
/// whose digest or signature does not match the body. It returns the signer certificate without judging
/// it: the caller checks that it chains to the enrolment CA (``X509/Certificate/chains(to:intermediates:at:)``)
/// and belongs to the device.
public enum MDMSignature {
    /// Longest header accepted, in characters. A signature with a device certificate is 2–4 KB of base64.
    public static let maximumHeaderLength = 64 * 1024

    /// Verifies `base64Header` over `body` and returns the signer certificate.
    public static func verify(base64Header: String, body: [UInt8]) throws(MDMSignatureError) -> Certificate {
        let length = base64Header.utf8.count
        guard length > 0, length <= maximumHeaderLength else { throw .headerLength(length) }
        let compact = FoldedHeader.compacted(base64Header)
        guard let decoded = Data(base64Encoded: compact) else { throw .notBase64 }

        let signedData: CMSSignedData
        do {
            signedData = try CMSSignedData(berEncoded: Array(decoded), sizeLimit: maximumHeaderLength)
        } catch {
            throw .malformed(error)
        }
        guard signedData.signers.count == 1 else { throw .signerCount(signedData.signers.count) }
        guard signedData.content == nil else { throw .contentAttached }
        do {
            return try signedData.verify(signedData.signers[0], detachedContent: body)
        } catch {
            throw .verificationFailed(error)
        }
    }
}
