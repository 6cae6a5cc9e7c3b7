import Foundation

/// Everything an enrolment profile says: where the device talks to, how it gets its identity, which push topic
/// wakes it.
public struct ProfileSettings: Sendable, Hashable {
    public var organization: String
    /// Check-in and command URL (`https://mdm.example.org/mdm`); Palisade serves both on one path pair.
    public var serverURL: String
    public var checkInURL: String
    public var scepURL: String
    /// The one-time SCEP challenge of the invitation.
    public var challenge: String
    /// The push topic: the UID of the MDM push certificate (`com.apple.mgmt.External.…`).
    public var topic: String
    /// DER of the CA to install as trusted (the device listener's TLS certificate chains to it).
    public var trustedCertificate: Data?
    /// SCEP key size; Apple devices accept 1024–4096.
    public var keySize: Int = 2048
    /// All MDM access rights (8191): inspect and manage profiles, apps, settings, security, restrictions.
    public var accessRights: Int = 8191
    /// The subject the device asks for; Palisade puts the invitation id in it for the record.
    public var subjectCommonName: String
    /// A stable identifier so re-installing replaces rather than duplicates the profile.
    public var identifier: String = "org.palisade.enrollment"

    public init(
        organization: String, serverURL: String, checkInURL: String, scepURL: String, challenge: String, topic: String,
        trustedCertificate: Data?, subjectCommonName: String
    ) {
        self.organization = organization
        self.serverURL = serverURL
        self.checkInURL = checkInURL
        self.scepURL = scepURL
        self.challenge = challenge
        self.topic = topic
        self.trustedCertificate = trustedCertificate
        self.subjectCommonName = subjectCommonName
    }
}
