import Foundation

/// An administrator's signing key, as registered: only the public half. The private half is made and kept on the
/// administrator's own machine (`palisade admin keygen`) and never reaches a server, so a breached core cannot
/// sign approvals of sensitive commands.
public struct AdministratorKey: Codable, Sendable, Hashable, Identifiable {
    public enum Algorithm: String, Codable, Sendable, CaseIterable {
        case ed25519
        case p256
    }

    public var id: UUID
    public var administratorID: UUID
    public var algorithm: Algorithm
    /// DER SubjectPublicKeyInfo.
    public var publicKey: [UInt8]
    /// `sha256:<base64>` of `publicKey`, how people and approval statements name the key.
    public var fingerprint: String
    public var createdAt: Date

    public init(id: UUID = UUID(), administratorID: UUID, algorithm: Algorithm, publicKey: [UInt8], fingerprint: String, createdAt: Date) {
        self.id = id
        self.administratorID = administratorID
        self.algorithm = algorithm
        self.publicKey = publicKey
        self.fingerprint = fingerprint
        self.createdAt = createdAt
    }
}
