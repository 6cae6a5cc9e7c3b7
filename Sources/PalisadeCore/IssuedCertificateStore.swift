import Foundation

/// Certificates the CA issued, and their revocation.
public protocol IssuedCertificateStore: Sendable {
    func recordIssuedCertificate(_ certificate: IssuedCertificate) async throws
    func issuedCertificate(fingerprint: String) async throws -> IssuedCertificate?
    /// Returns whether a certificate with this serial existed and was not already revoked.
    @discardableResult
    func revokeCertificate(serial: String, at date: Date, reason: Int) async throws -> Bool
    func revokedCertificates() async throws -> [IssuedCertificate]
}
