import Foundation
import PalisadeCore

extension SQLStorage: EnrollmentLinkStore {
    private static let linkColumns = "id, platform, ownership, maximum_uses, uses, downloads, created_at, expires_at, revoked_at, created_by"

    public func createEnrollmentLink(_ link: EnrollmentLink) async throws {
        try await run { session in
            try await session.query("INSERT INTO enrollment_links (\(Self.linkColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                .text(link.id), .text(link.platform.rawValue), .text(link.ownership.rawValue), .integer(Int64(link.maximumUses)),
                .integer(Int64(link.uses)), .integer(Int64(link.downloads)), SQLValue(link.createdAt), SQLValue(link.expiresAt),
                SQLValue(link.revokedAt), SQLValue(link.createdBy?.uuidString))
            return ()
        }
    }

    public func enrollmentLink(_ id: String) async throws -> EnrollmentLink? {
        try await run { session in
            try await session.query("SELECT \(Self.linkColumns) FROM enrollment_links WHERE id = ?", .text(id)).map(Self.enrollmentLink(from:)).first
        }
    }

    public func enrollmentLinks() async throws -> [EnrollmentLink] {
        try await run { session in
            try await session.query("SELECT \(Self.linkColumns) FROM enrollment_links ORDER BY created_at DESC, id", []).map(Self.enrollmentLink(from:))
        }
    }

    public func mintLinkChallenge(_ challenge: EnrollmentLinkChallenge) async throws -> EnrollmentLinkMint {
        try await run { session in
            // The link row is locked first (SQLite: the transaction holds the write lock), so that counting the
            // outstanding challenges and adding one cannot interleave with another download or a spend.
            guard let link = try await Self.lockedLink(challenge.linkID, in: session) else { return .unknown }
            let now = challenge.issuedAt
            let state = link.state(at: now)
            guard state == .open else { return .closed(link, state) }
            try await session.query(
                "DELETE FROM enrollment_link_challenges WHERE link_id = ? AND used_at IS NULL AND expires_at <= ?",
                .text(link.id), SQLValue(now))
            let outstanding = try await session.query(
                "SELECT COUNT(*) AS n FROM enrollment_link_challenges WHERE link_id = ? AND used_at IS NULL",
                .text(link.id)).first?.requireInteger("n") ?? 0
            guard outstanding < link.outstandingChallengeLimit else { return .saturated(link) }
            try await session.query(
                "INSERT INTO enrollment_link_challenges (challenge_digest, link_id, issued_at, expires_at) VALUES (?, ?, ?, ?)",
                .text(challenge.digest), .text(link.id), SQLValue(challenge.issuedAt), SQLValue(challenge.expiresAt))
            let counted = try await session.query(
                "UPDATE enrollment_links SET downloads = downloads + 1 WHERE id = ? RETURNING \(Self.linkColumns)", .text(link.id))
            return .minted(try counted.map(Self.enrollmentLink(from:)).first ?? link)
        }
    }

    public func spendLinkChallenge(digest: String, at date: Date) async throws -> EnrollmentLink? {
        do {
            return try await run { session in
                guard let linkID = try await session.query(
                    "SELECT link_id FROM enrollment_link_challenges WHERE challenge_digest = ? AND used_at IS NULL AND expires_at > ?",
                    .text(digest), SQLValue(date)).first?.requireText("link_id")
                else { return nil }
                // The use is counted on the locked link row: of two devices racing for the last use, the second finds
                // the link used up and its challenge is left as it was (the transaction rolls back).
                guard let link = try await Self.lockedLink(linkID, in: session), link.state(at: date) == .open else { return nil }
                let spent = try await session.query(
                    "UPDATE enrollment_link_challenges SET used_at = ? WHERE challenge_digest = ? AND used_at IS NULL RETURNING link_id",
                    SQLValue(date), .text(digest))
                guard !spent.isEmpty else { return nil }
                let counted = try await session.query(
                    "UPDATE enrollment_links SET uses = uses + 1 WHERE id = ? AND uses < maximum_uses RETURNING \(Self.linkColumns)",
                    .text(linkID)).map(Self.enrollmentLink(from:)).first
                guard let counted else { throw UnspentLinkChallenge() }
                return counted
            }
        } catch is UnspentLinkChallenge {
            return nil
        }
    }

    public func revokeEnrollmentLink(_ id: String, at date: Date) async throws -> EnrollmentLink? {
        try await run { session in
            let revoked = try await session.query(
                "UPDATE enrollment_links SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ? RETURNING \(Self.linkColumns)",
                SQLValue(date), .text(id)).map(Self.enrollmentLink(from:)).first
            guard let revoked else { return nil }
            try await session.query("DELETE FROM enrollment_link_challenges WHERE link_id = ? AND used_at IS NULL", .text(id))
            return revoked
        }
    }

    /// The link, its row locked until the transaction ends on PostgreSQL; SQLite's transactions hold the database's
    /// write lock from their start (`BEGIN IMMEDIATE`), which serialises them anyway.
    private static func lockedLink(_ id: String, in session: any SQLSession) async throws -> EnrollmentLink? {
        let lock = session.dialect == .postgres ? " FOR UPDATE" : ""
        return try await session.query("SELECT \(linkColumns) FROM enrollment_links WHERE id = ?\(lock)", .text(id)).map(enrollmentLink(from:)).first
    }

    private static func enrollmentLink(from row: SQLRow) throws -> EnrollmentLink {
        guard let platform = Platform(rawValue: try row.requireText("platform")),
              let ownership = Ownership(rawValue: try row.requireText("ownership")),
              let createdAt = row["created_at"].date, let expiresAt = row["expires_at"].date
        else { throw CorruptRow(column: "enrollment_links") }
        return EnrollmentLink(
            id: try row.requireText("id"), platform: platform, ownership: ownership,
            maximumUses: Int(try row.requireInteger("maximum_uses")), uses: Int(try row.requireInteger("uses")),
            downloads: Int(try row.requireInteger("downloads")), createdAt: createdAt, expiresAt: expiresAt,
            revokedAt: row["revoked_at"].date, createdBy: row["created_by"].text.flatMap(UUID.init(uuidString:))
        )
    }
}

/// Thrown inside a spend to roll it back when the link's use count refused it after the challenge was marked.
private struct UnspentLinkChallenge: Error {}
