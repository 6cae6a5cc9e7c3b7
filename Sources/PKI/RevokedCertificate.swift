import Foundation
import X509

/// One entry of the revocation list.
public struct RevokedCertificate: Sendable, Hashable {
    /// RFC 5280 CRLReason values Palisade uses.
    public enum Reason: Int, Sendable, Hashable {
        case unspecified = 0
        case keyCompromise = 1
        case affiliationChanged = 3
        case superseded = 4
        case cessationOfOperation = 5
    }

    public var serialNumber: Certificate.SerialNumber
    public var revokedAt: Date
    public var reason: Reason

    public init(serialNumber: Certificate.SerialNumber, revokedAt: Date, reason: Reason) {
        self.serialNumber = serialNumber
        self.revokedAt = revokedAt
        self.reason = reason
    }
}
