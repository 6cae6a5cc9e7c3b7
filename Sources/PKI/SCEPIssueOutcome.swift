import X509

/// What the core decided about a SCEP request: a certificate, or a refusal with the failInfo the device
/// will see. (Pending, RFC 8894's manual-approval state, is not offered: Palisade decides at once.)
public enum SCEPIssueOutcome: Sendable, Hashable {
    case issued(Certificate)
    case rejected(SCEPFailInfo)
}
