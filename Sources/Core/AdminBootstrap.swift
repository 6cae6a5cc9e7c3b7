import Foundation
import PalisadeCore

/// The first start of a core: with no administrator yet, makes one (`admin`, role admin) and a token for it,
/// so the operator can reach the admin API at all. Later starts change nothing.
public enum AdminBootstrap {
    /// Returns the new token's text on first start, `nil` when administrators already exist.
    public static func ensureFirstAdministrator(in store: any AdministratorStore & AuditLog, clock: any WallClock) async throws -> String? {
        guard try await store.administrators().isEmpty else { return nil }
        let now = clock.now
        let administrator = Administrator(name: "admin", role: .admin, createdAt: now)
        try await store.createAdministrator(administrator)
        let issued = TokenIssuer.issue(for: administrator.id, label: "first run", at: now)
        try await store.createToken(issued.token)
        try await store.append(AuditRecord(
            at: now, actor: .system, action: "administrator.bootstrap",
            target: "admin:\(administrator.id.uuidString.lowercased())", detail: .object(["name": .string("admin")])
        ))
        return issued.text
    }
}
