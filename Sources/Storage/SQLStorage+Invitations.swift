import Foundation
import PalisadeCore

extension SQLStorage: InvitationStore {
    private static let invitationColumns = "id, platform, ownership, challenge_digest, sealed_challenge, created_at, expires_at, used_at, created_by"

    public func createInvitation(_ invitation: EnrollmentInvitation) async throws {
        try await run { session in
            try await session.query("INSERT INTO enrollment_invitations (\(Self.invitationColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                .text(invitation.id), .text(invitation.platform.rawValue), .text(invitation.ownership.rawValue),
                .text(invitation.challengeDigest), SQLValue(invitation.sealedChallenge), SQLValue(invitation.createdAt), SQLValue(invitation.expiresAt),
                SQLValue(invitation.usedAt), SQLValue(invitation.createdBy?.uuidString))
            return ()
        }
    }

    public func invitation(_ id: String) async throws -> EnrollmentInvitation? {
        try await run { session in
            try await session.query("SELECT \(Self.invitationColumns) FROM enrollment_invitations WHERE id = ?", .text(id))
                .map(Self.invitation(from:)).first
        }
    }

    public func spendChallenge(digest: String, at date: Date) async throws -> EnrollmentInvitation? {
        try await run { session in
            // One statement decides, so that two requests racing with one challenge cannot both win.
            try await session.query("""
                UPDATE enrollment_invitations SET used_at = ?
                WHERE challenge_digest = ? AND used_at IS NULL AND expires_at > ?
                RETURNING \(Self.invitationColumns)
                """, SQLValue(date), .text(digest), SQLValue(date)).map(Self.invitation(from:)).first
        }
    }

    private static func invitation(from row: SQLRow) throws -> EnrollmentInvitation {
        guard let platform = Platform(rawValue: try row.requireText("platform")),
              let ownership = Ownership(rawValue: try row.requireText("ownership")),
              let createdAt = row["created_at"].date, let expiresAt = row["expires_at"].date,
              let sealedChallenge = row["sealed_challenge"].data
        else { throw CorruptRow(column: "enrollment_invitations") }
        return EnrollmentInvitation(
            id: try row.requireText("id"), platform: platform, ownership: ownership,
            challengeDigest: try row.requireText("challenge_digest"), sealedChallenge: sealedChallenge, createdAt: createdAt, expiresAt: expiresAt,
            usedAt: row["used_at"].date, createdBy: row["created_by"].text.flatMap(UUID.init(uuidString:))
        )
    }
}
