import Foundation
import PalisadeCore
import PKI

/// An administrator with a real key pair, as the edge's configuration would list them, who can sign approval
/// statements and breaker releases the way `palisade admin` does on their own machine.
struct TestAdministrator {
    let id = UUID()
    let role: Role
    let privatePEM: String
    let publicPEM: String
    let key: ApprovalQuorum.TrustedKey

    init(_ role: Role, _ algorithm: AdministratorKey.Algorithm = .ed25519) throws {
        self.role = role
        (privatePEM, publicPEM) = AdministratorSigningKey.generate(algorithm)
        let parsed = try AdministratorSigningKey.parsePublicKey(pem: publicPEM)
        key = ApprovalQuorum.TrustedKey(administrator: id, role: role, algorithm: parsed.algorithm, spki: parsed.spki)
    }

    func sign(_ statement: ApprovalStatement) throws -> ApprovalSignature {
        try ApprovalSignature.sign(statement, privateKeyPEM: privatePEM, fingerprint: key.fingerprint)
    }

    func sign(_ release: WipeBreakerRelease) throws -> ApprovalSignature {
        ApprovalSignature(keyFingerprint: key.fingerprint, signature: try AdministratorSigningKey.sign(release.statement, privateKeyPEM: privatePEM).signature)
    }

    /// A statement for `body` to `target`, requested by this administrator and signed by `approvers`.
    func approval(
        of body: Data, uuid: String, requestType: String, target: String, expiresAt: Date, approvers: [TestAdministrator]
    ) throws -> SignedApproval {
        let statement = ApprovalStatement(
            commandUUID: uuid, requestType: requestType, target: target, payload: Array(body), expiresAt: expiresAt, requester: id
        )
        return SignedApproval(statement: statement, requesterSignature: try sign(statement), approverSignatures: try approvers.map { try $0.sign(statement) })
    }
}
