import Foundation

/// A certificate Palisade's CA issued, kept for binding, renewal and revocation.
public struct IssuedCertificate: Sendable, Hashable {
    /// Serial number, lower-case hex.
    public var serial: String
    /// SHA-256 of the DER certificate, lower-case hex.
    public var fingerprint: String
    public var subject: String
    public var notValidBefore: Date
    public var notValidAfter: Date
    /// The invitation, or the enrolment link (ids share one space), whose challenge it was issued for, if any.
    public var invitationID: String?
    public var der: Data
    public var revokedAt: Date?
    /// RFC 5280 CRLReason code.
    public var revocationReason: Int?

    public init(
        serial: String, fingerprint: String, subject: String, notValidBefore: Date, notValidAfter: Date,
        invitationID: String? = nil, der: Data, revokedAt: Date? = nil, revocationReason: Int? = nil
    ) {
        self.serial = serial
        self.fingerprint = fingerprint
        self.subject = subject
        self.notValidBefore = notValidBefore
        self.notValidAfter = notValidAfter
        self.invitationID = invitationID
        self.der = der
        self.revokedAt = revokedAt
        self.revocationReason = revocationReason
    }
}
