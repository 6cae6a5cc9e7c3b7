import X509

extension CertificateSigningRequest {
    /// The PKCS#9 challengePassword attribute's text, or nil when absent, repeated, or not a string
    /// type this module reads. swift-certificates parses the attribute but has no accessor for it.
    var scepChallengePassword: String? {
        guard let attribute = attributes[oid: CMSObjectIdentifier.challengePassword] else { return nil }
        return CMSAttribute(type: attribute.oid, values: attribute.values).stringValue
    }
}
