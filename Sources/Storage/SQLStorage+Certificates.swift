import Foundation
import PalisadeCore

extension SQLStorage: IssuedCertificateStore, KeyMaterialStore {
    private static let certificateColumns = """
        serial, fingerprint, subject, not_valid_before, not_valid_after, invitation_id, der, revoked_at, revocation_reason
        """

    public func recordIssuedCertificate(_ certificate: IssuedCertificate) async throws {
        try await run { session in
            try await session.query("INSERT INTO issued_certificates (\(Self.certificateColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                .text(certificate.serial), .text(certificate.fingerprint), .text(certificate.subject),
                SQLValue(certificate.notValidBefore), SQLValue(certificate.notValidAfter), SQLValue(certificate.invitationID),
                SQLValue(certificate.der), SQLValue(certificate.revokedAt), SQLValue(certificate.revocationReason.map(Int64.init)))
            return ()
        }
    }

    public func issuedCertificate(fingerprint: String) async throws -> IssuedCertificate? {
        try await run { session in
            try await session.query("SELECT \(Self.certificateColumns) FROM issued_certificates WHERE fingerprint = ?", .text(fingerprint))
                .map(Self.certificate(from:)).first
        }
    }

    public func revokeCertificate(serial: String, at date: Date, reason: Int) async throws -> Bool {
        try await run { session in
            try await !session.query("""
                UPDATE issued_certificates SET revoked_at = ?, revocation_reason = ?
                WHERE serial = ? AND revoked_at IS NULL RETURNING serial
                """, SQLValue(date), .integer(Int64(reason)), .text(serial)).isEmpty
        }
    }

    public func revokedCertificates() async throws -> [IssuedCertificate] {
        try await run { session in
            try await session.query(
                "SELECT \(Self.certificateColumns) FROM issued_certificates WHERE revoked_at IS NOT NULL ORDER BY revoked_at", []
            ).map(Self.certificate(from:))
        }
    }

    public func keyMaterial(named name: String) async throws -> Data? {
        try await run { session in
            try await session.query("SELECT value FROM key_material WHERE name = ?", .text(name)).first?["value"].data
        }
    }

    public func storeKeyMaterialIfAbsent(_ value: Data, named name: String, at date: Date) async throws -> Data {
        try await run { session in
            try await session.query(
                "INSERT INTO key_material (name, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
                .text(name), SQLValue(value), SQLValue(date)
            )
            guard let stored = try await session.query("SELECT value FROM key_material WHERE name = ?", .text(name)).first?["value"].data else {
                throw StoreError.backend("key material \(name) vanished")
            }
            return stored
        }
    }

    public func replaceKeyMaterial(_ value: Data, named name: String, at date: Date) async throws {
        try await run { session in
            try await session.query("""
                INSERT INTO key_material (name, value, updated_at) VALUES (?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                """, .text(name), SQLValue(value), SQLValue(date))
            return ()
        }
    }

    private static func certificate(from row: SQLRow) throws -> IssuedCertificate {
        guard let notBefore = row["not_valid_before"].date, let notAfter = row["not_valid_after"].date,
              let der = row["der"].data
        else { throw CorruptRow(column: "issued_certificates") }
        return IssuedCertificate(
            serial: try row.requireText("serial"), fingerprint: try row.requireText("fingerprint"),
            subject: try row.requireText("subject"), notValidBefore: notBefore, notValidAfter: notAfter,
            invitationID: row["invitation_id"].text, der: der, revokedAt: row["revoked_at"].date,
            revocationReason: row["revocation_reason"].integer.map(Int.init)
        )
    }
}
