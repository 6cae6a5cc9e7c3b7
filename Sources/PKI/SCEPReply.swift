import X509

/// A verified CertRep, as ``SCEPClient`` reads it.
public enum SCEPReply: Sendable, Hashable {
    /// SUCCESS, with the issued certificate for the requested key.
    case issued(Certificate)
    /// FAILURE, with the CA's reason.
    case failed(SCEPFailInfo)
    /// PENDING: the CA wants the client to poll.
    case pending
}
