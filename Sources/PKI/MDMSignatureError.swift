/// Why an Apple `Mdm-Signature` header was refused.
///
/// The core answers all of these with 400/403, never 401 (which makes devices drop their enrolment).
public enum MDMSignatureError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The header is empty or longer than ``MDMSignature/maximumHeaderLength``.
    case headerLength(Int)
    /// The header is not standard base64.
    case notBase64
    /// The decoded bytes are not a CMS SignedData this module accepts.
    case malformed(CMSError)
    /// The SignedData has no signer, or more than one.
    case signerCount(Int)
    /// The SignedData carries its own content; Apple's signature is always detached over the body.
    case contentAttached
    /// The signature does not verify over the body (digest mismatch, bad signature, unknown signer…).
    case verificationFailed(CMSError)

    public var description: String {
        switch self {
        case .headerLength(let length): "Mdm-Signature header of \(length) characters is empty or too long"
        case .notBase64: "Mdm-Signature header is not base64"
        case .malformed(let error): "Mdm-Signature is not a CMS SignedData: \(error)"
        case .signerCount(let count): "Mdm-Signature has \(count) signers, expected 1"
        case .contentAttached: "Mdm-Signature carries content; expected a detached signature"
        case .verificationFailed(let error): "Mdm-Signature does not verify over the body: \(error)"
        }
    }
}
