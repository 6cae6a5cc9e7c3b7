import Foundation
import PalisadeCore

extension SQLStorage: AppleEnrollmentStore {
    private static let appleColumns = """
        enrollment_id, device_id, kind, identity_fingerprint, topic, push_token, push_magic, push_token_invalid,
        unlock_token, bootstrap_token, awaiting_configuration, authenticated_at, token_updated_at, checked_out_at
        """

    public func appleEnrollment(_ enrollmentID: String) async throws -> AppleEnrollment? {
        try await run { session in
            try await Self.appleEnrollments(where: "enrollment_id = ?", [.text(enrollmentID)], in: session).first
        }
    }

    public func appleEnrollment(boundTo fingerprint: String) async throws -> AppleEnrollment? {
        try await run { session in
            try await Self.appleEnrollments(where: "identity_fingerprint = ? LIMIT 1", [.text(fingerprint)], in: session).first
        }
    }

    public func saveAppleEnrollment(_ enrollment: AppleEnrollment) async throws {
        try await run { session in
            let binds: [SQLValue] = [
                .text(enrollment.enrollmentID), .text(enrollment.deviceID.description), .text(enrollment.kind.rawValue),
                .text(enrollment.identityFingerprint), SQLValue(enrollment.topic), SQLValue(enrollment.pushToken),
                SQLValue(enrollment.pushMagic), SQLValue(enrollment.pushTokenInvalid), SQLValue(enrollment.sealedUnlockToken),
                SQLValue(enrollment.sealedBootstrapToken), SQLValue(enrollment.awaitingConfiguration),
                SQLValue(enrollment.authenticatedAt), SQLValue(enrollment.tokenUpdatedAt), SQLValue(enrollment.checkedOutAt),
            ]
            try await session.query("""
                INSERT INTO apple_enrollments (\(Self.appleColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (enrollment_id) DO UPDATE SET
                    device_id = excluded.device_id, kind = excluded.kind, identity_fingerprint = excluded.identity_fingerprint,
                    topic = excluded.topic, push_token = excluded.push_token, push_magic = excluded.push_magic,
                    push_token_invalid = excluded.push_token_invalid, unlock_token = excluded.unlock_token,
                    bootstrap_token = excluded.bootstrap_token, awaiting_configuration = excluded.awaiting_configuration,
                    authenticated_at = excluded.authenticated_at, token_updated_at = excluded.token_updated_at,
                    checked_out_at = excluded.checked_out_at
                """, binds)
            return ()
        }
    }

    public func appleEnrollments(of device: DeviceID) async throws -> [AppleEnrollment] {
        try await run { session in
            try await Self.appleEnrollments(
                where: "device_id = ? AND checked_out_at IS NULL ORDER BY enrollment_id", [.text(device.description)], in: session
            )
        }
    }

    public func saveAppleUserChannel(_ channel: AppleUserChannel) async throws {
        try await run { session in
            try await session.query("""
                INSERT INTO apple_user_channels (enrollment_id, user_id, short_name, long_name, topic, push_token, push_magic, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (enrollment_id, user_id) DO UPDATE SET
                    short_name = excluded.short_name, long_name = excluded.long_name, topic = excluded.topic,
                    push_token = excluded.push_token, push_magic = excluded.push_magic, updated_at = excluded.updated_at
                """, .text(channel.enrollmentID), .text(channel.userID), SQLValue(channel.shortName), SQLValue(channel.longName),
                SQLValue(channel.topic), SQLValue(channel.pushToken), SQLValue(channel.pushMagic), SQLValue(channel.updatedAt))
            return ()
        }
    }

    public func appleUserChannels(of enrollmentID: String) async throws -> [AppleUserChannel] {
        try await run { session in
            try await session.query("""
                SELECT enrollment_id, user_id, short_name, long_name, topic, push_token, push_magic, updated_at
                FROM apple_user_channels WHERE enrollment_id = ? ORDER BY user_id
                """, .text(enrollmentID)).map { row in
                guard let updatedAt = row["updated_at"].date else { throw CorruptRow(column: "apple_user_channels") }
                return AppleUserChannel(
                    enrollmentID: try row.requireText("enrollment_id"), userID: try row.requireText("user_id"),
                    shortName: row["short_name"].text, longName: row["long_name"].text, topic: row["topic"].text,
                    pushToken: row["push_token"].data, pushMagic: row["push_magic"].text, updatedAt: updatedAt
                )
            }
        }
    }

    public func markPushTokenInvalid(_ token: Data) async throws {
        try await run { session in
            try await session.query("UPDATE apple_enrollments SET push_token_invalid = 1 WHERE push_token = ?", SQLValue(token))
            return ()
        }
    }

    private static func appleEnrollments(where clause: String, _ binds: [SQLValue], in session: any SQLSession) async throws -> [AppleEnrollment] {
        try await session.query("SELECT \(appleColumns) FROM apple_enrollments WHERE \(clause)", binds).map { row in
            guard let device = DeviceID(try row.requireText("device_id")),
                  let kind = Enrollment.Kind(rawValue: try row.requireText("kind")),
                  let authenticatedAt = row["authenticated_at"].date
            else { throw CorruptRow(column: "apple_enrollments") }
            return AppleEnrollment(
                enrollmentID: try row.requireText("enrollment_id"), deviceID: device, kind: kind,
                identityFingerprint: try row.requireText("identity_fingerprint"), topic: row["topic"].text,
                pushToken: row["push_token"].data, pushMagic: row["push_magic"].text,
                pushTokenInvalid: row["push_token_invalid"].integer == 1, sealedUnlockToken: row["unlock_token"].data,
                sealedBootstrapToken: row["bootstrap_token"].data, awaitingConfiguration: row["awaiting_configuration"].integer == 1,
                authenticatedAt: authenticatedAt, tokenUpdatedAt: row["token_updated_at"].date, checkedOutAt: row["checked_out_at"].date
            )
        }
    }
}
