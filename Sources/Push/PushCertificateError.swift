import Foundation

/// Why a push certificate and key were refused; each case says what the administrator should do.
public enum PushCertificateError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A file could not be read.
    case fileUnreadable(path: String, reason: String)
    /// The certificate text holds no `CERTIFICATE` block.
    case noCertificate
    /// The certificate block is not a valid X.509 certificate.
    case certificateUnparseable(String)
    /// The key text holds no private key block.
    case noPrivateKey
    /// The key is password-protected; Palisade keeps its own encryption at rest and wants the plain key.
    case privateKeyEncrypted
    /// The key block could not be read as PKCS#8, PKCS#1 RSA or SEC1 EC.
    case privateKeyUnparseable(String)
    /// The key is not the one the certificate was issued for.
    case keyDoesNotMatchCertificate
    /// The subject has no UID attribute, so there is no APNs topic: not a push certificate.
    case missingTopic
    /// The UID is not a `com.apple.mgmt.` topic: a push certificate, but for an app rather than MDM.
    case notAnMDMTopic(String)
    /// The certificate's validity ended before now.
    case expired(notValidAfter: Date)
    /// The certificate's validity starts after now.
    case notYetValid(notValidBefore: Date)

    public var description: String {
        switch self {
        case .fileUnreadable(let path, let reason):
            return "cannot read \(path): \(reason)"
        case .noCertificate:
            return "no PEM CERTIFICATE block found; export the MDM push certificate from Apple's Push Certificates Portal as PEM"
        case .certificateUnparseable(let detail):
            return "the push certificate is not a valid X.509 certificate: \(detail)"
        case .noPrivateKey:
            return "no PEM PRIVATE KEY block found; give the key the push certificate's CSR was made with"
        case .privateKeyEncrypted:
            return "the private key is encrypted; decrypt it (openssl pkey -in key.pem -out plain.pem) and load the plain key"
        case .privateKeyUnparseable(let detail):
            return "the private key could not be read as PKCS#8, PKCS#1 RSA or EC: \(detail)"
        case .keyDoesNotMatchCertificate:
            return "the private key does not belong to this certificate; use the key the push certificate's CSR was made with"
        case .missingTopic:
            return "the certificate subject has no UID (0.9.2342.19200300.100.1.1), so it has no APNs topic: this is not an MDM push certificate"
        case .notAnMDMTopic(let topic):
            return "the certificate's topic \(topic) is not an MDM topic (com.apple.mgmt.…): this looks like an app push certificate"
        case .expired(let date):
            return "the push certificate expired on \(date); renew it at Apple's Push Certificates Portal with the SAME Apple ID, or every device must re-enrol"
        case .notYetValid(let date):
            return "the push certificate is not valid until \(date); check the machine's clock"
        }
    }
}
