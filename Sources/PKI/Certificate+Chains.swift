import Foundation
// The fixed-time policy is SPI in swift-certificates 1.21; without it the policy can only check expiry
// against the wall clock, and callers (tests, replayed messages) need to name the time.
@_spi(FixedExpiryValidationTime) import X509

extension Certificate {
    /// Whether this certificate chains to one of `roots` under RFC 5280 rules at `time`: signatures,
    /// validity periods, basic constraints and key usage along the path, via swift-certificates' Verifier.
    ///
    /// This is the trust step that CMS verification deliberately leaves to the caller. It refuses (returns
    /// false) expired or not-yet-valid certificates, unknown critical extensions, and paths through
    /// certificates that are not CAs.
    public func chains(to roots: [Certificate], intermediates: [Certificate] = [], at time: Date) async -> Bool {
        var verifier = Verifier(rootCertificates: CertificateStore(roots)) {
            RFC5280Policy(fixedExpiryValidationTime: time)
        }
        switch await verifier.validate(leaf: self, intermediates: CertificateStore(intermediates)) {
        case .validCertificate: return true
        case .couldNotValidate: return false
        }
    }
}
