import Foundation
import PalisadeCore

extension SQLStorage: AdministratorStore {
    public func addAdministratorKey(_ key: AdministratorKey) async throws {
        try await run { session in
            let known = try await session.query("SELECT id FROM administrators WHERE id = ?", .text(key.administratorID.uuidString))
            guard !known.isEmpty else {
                throw StoreError.notFound(kind: "administrator", id: key.administratorID.uuidString.lowercased())
            }
            try await session.query(
                "INSERT INTO administrator_keys (id, administrator_id, algorithm, public_key, fingerprint, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                .text(key.id.uuidString), .text(key.administratorID.uuidString), .text(key.algorithm.rawValue), .blob(key.publicKey),
                .text(key.fingerprint), SQLValue(key.createdAt)
            )
            return ()
        }
    }

    public func administratorKeys(of administrator: UUID?) async throws -> [AdministratorKey] {
        let columns = "SELECT id, administrator_id, algorithm, public_key, fingerprint, created_at FROM administrator_keys"
        let rows = try await run { session in
            if let administrator {
                return try await session.query(columns + " WHERE administrator_id = ? ORDER BY created_at, id", .text(administrator.uuidString))
            }
            return try await session.query(columns + " ORDER BY created_at, id", [])
        }
        return try rows.map { row in
            guard let id = UUID(uuidString: try row.requireText("id")), let owner = UUID(uuidString: try row.requireText("administrator_id")),
                  let algorithm = AdministratorKey.Algorithm(rawValue: try row.requireText("algorithm")), let publicKey = row["public_key"].data.map({ [UInt8]($0) }),
                  let createdAt = row["created_at"].date
            else { throw CorruptRow(column: "administrator_keys") }
            return AdministratorKey(
                id: id, administratorID: owner, algorithm: algorithm, publicKey: publicKey, fingerprint: try row.requireText("fingerprint"),
                createdAt: createdAt
            )
        }
    }

    public func createAdministrator(_ administrator: Administrator) async throws {
        try await run { session in
            try await session.query(
                "INSERT INTO administrators (id, name, role, created_at, disabled) VALUES (?, ?, ?, ?, ?)",
                .text(administrator.id.uuidString), .text(administrator.name), .text(administrator.role.rawValue),
                SQLValue(administrator.createdAt), SQLValue(administrator.disabled)
            )
            return ()
        }
    }

    public func administrator(_ id: UUID) async throws -> Administrator? {
        try await run { session in
            try await session.query(
                "SELECT id, name, role, created_at, disabled FROM administrators WHERE id = ?", .text(id.uuidString)
            ).map(Self.administrator(from:)).first
        }
    }

    public func administrators() async throws -> [Administrator] {
        try await run { session in
            try await session.query("SELECT id, name, role, created_at, disabled FROM administrators ORDER BY name", [])
                .map(Self.administrator(from:))
        }
    }

    public func createToken(_ token: APIToken) async throws {
        try await run { session in
            let known = try await session.query("SELECT id FROM administrators WHERE id = ?", .text(token.administratorID.uuidString))
            guard !known.isEmpty else {
                throw StoreError.notFound(kind: "administrator", id: token.administratorID.uuidString.lowercased())
            }
            try await session.query("""
                INSERT INTO api_tokens (id, administrator_id, label, digest, created_at, expires_at, revoked_at, last_used_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, .text(token.id.uuidString), .text(token.administratorID.uuidString), .text(token.label),
                .text(token.digest), SQLValue(token.createdAt), SQLValue(token.expiresAt), SQLValue(token.revokedAt),
                SQLValue(token.lastUsedAt))
            return ()
        }
    }

    public func token(digest: String) async throws -> (token: APIToken, administrator: Administrator)? {
        let found = try await run { session -> (APIToken, Administrator)? in
            guard let row = try await session.query("""
                SELECT t.id AS token_id, t.administrator_id, t.label, t.digest, t.created_at AS token_created_at,
                    t.expires_at, t.revoked_at, t.last_used_at, a.id, a.name, a.role, a.created_at, a.disabled
                FROM api_tokens t JOIN administrators a ON a.id = t.administrator_id WHERE t.digest = ?
                """, .text(digest)).first
            else { return nil }
            guard let id = UUID(uuidString: try row.requireText("token_id")),
                  let owner = UUID(uuidString: try row.requireText("administrator_id")),
                  let createdAt = row["token_created_at"].date
            else { throw CorruptRow(column: "api_tokens") }
            let token = APIToken(
                id: id, administratorID: owner, label: try row.requireText("label"), digest: try row.requireText("digest"),
                createdAt: createdAt, expiresAt: row["expires_at"].date, revokedAt: row["revoked_at"].date,
                lastUsedAt: row["last_used_at"].date
            )
            return (token, try Self.administrator(from: row))
        }
        return found.map { (token: $0.0, administrator: $0.1) }
    }

    public func markTokenUsed(_ id: UUID, at date: Date) async throws {
        try await run { session in
            try await session.query("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", SQLValue(date), .text(id.uuidString))
            return ()
        }
    }

    public func revokeToken(_ id: UUID, at date: Date) async throws {
        try await run { session in
            let updated = try await session.query(
                "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL RETURNING id",
                SQLValue(date), .text(id.uuidString)
            )
            guard !updated.isEmpty else { throw StoreError.notFound(kind: "usable token", id: id.uuidString.lowercased()) }
        }
    }

    private static func administrator(from row: SQLRow) throws -> Administrator {
        guard let id = UUID(uuidString: try row.requireText("id")),
              let role = Role(rawValue: try row.requireText("role")),
              let createdAt = row["created_at"].date
        else { throw CorruptRow(column: "administrators") }
        return Administrator(
            id: id, name: try row.requireText("name"), role: role, createdAt: createdAt,
            disabled: try row.requireInteger("disabled") != 0
        )
    }
}
