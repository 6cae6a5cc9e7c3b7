/// Why SCEP message handling stopped without a CertRep (server) or without an answer (client).
///
/// On the server these are the cases the HTTP layer turns into 400 (or 500 for
/// ``issuanceFailed(_:)`` and ``responseEncodingFailed(_:)``): a request too broken to know whom to answer.
/// A request that parses far enough to have a transactionID and senderNonce is always answered with a
/// signed CertRep instead, FAILURE when checks fail.
public enum SCEPError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The message exceeds ``SCEPServer/maximumMessageSize``.
    case messageTooLarge(size: Int, limit: Int)
    /// Not a SignedData with exactly one signer and attached content.
    case notAPKIMessage(CMSError)
    /// A signed attribute SCEP needs to answer (transactionID, senderNonce; on a CertRep also
    /// messageType, pkiStatus, recipientNonce) is absent or not of the right form.
    case missingAttribute(String)
    /// The issuing closure threw; the core's error, described.
    case issuanceFailed(String)
    /// The CertRep could not be built (the CA key failed to sign, the requester's key cannot be encrypted to).
    case responseEncodingFailed(CMSError)
    /// The CA or signer key is unusable (not RSA, or not matching its certificate).
    case unusableKey(String)
    /// Client side: the request, CSR or self-signed certificate could not be built.
    case requestEncodingFailed(String)
    /// Client side: the CertRep is not signed by the CA, or its signature does not verify.
    case responseNotTrusted(CMSError)
    /// Client side: the CertRep answers another transaction or nonce, or is not a CertRep.
    case responseMismatch(String)
    /// Client side: SUCCESS, but the enclosed certificates could not be decrypted or hold none for our key.
    case responseUnreadable(CMSError)

    public var description: String {
        switch self {
        case .messageTooLarge(let size, let limit): "SCEP message of \(size) bytes exceeds \(limit)"
        case .notAPKIMessage(let error): "not a SCEP pkiMessage: \(error)"
        case .missingAttribute(let name): "SCEP attribute \(name) is missing or malformed"
        case .issuanceFailed(let reason): "issuing failed: \(reason)"
        case .responseEncodingFailed(let error): "could not build the CertRep: \(error)"
        case .unusableKey(let reason): "unusable key: \(reason)"
        case .requestEncodingFailed(let reason): "could not build the SCEP request: \(reason)"
        case .responseNotTrusted(let error): "CertRep is not signed by the CA: \(error)"
        case .responseMismatch(let reason): "CertRep does not answer this request: \(reason)"
        case .responseUnreadable(let error): "CertRep content unreadable: \(error)"
        }
    }
}
