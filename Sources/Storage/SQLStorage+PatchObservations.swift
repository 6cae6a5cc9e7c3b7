import Foundation
import PalisadeCore

extension SQLStorage: PatchObservationStore {
    public func recordPatchObservation(
        platform: Platform, maker: String, model: String, level: String, deviceID: DeviceID, at date: Date
    ) async throws {
        let key: [SQLValue] = [.text(platform.rawValue), .text(maker), .text(model), .text(level)]
        try await run { session in
            // The device row decides whether the count grows: on PostgreSQL a concurrent report of the same device
            // waits on the key and then inserts nothing, so each device is counted once.
            let added = try await session.query("""
                INSERT INTO patch_observation_devices (platform, maker, model, level, device_id) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (platform, maker, model, level, device_id) DO NOTHING RETURNING device_id
                """, key + [.text(deviceID.description)])
            try await session.query("""
                INSERT INTO patch_observations (platform, maker, model, level, first_reported_at, device_count)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (platform, maker, model, level) DO UPDATE SET
                    first_reported_at = CASE WHEN excluded.first_reported_at < patch_observations.first_reported_at
                        THEN excluded.first_reported_at ELSE patch_observations.first_reported_at END,
                    device_count = patch_observations.device_count + excluded.device_count
                """, key + [SQLValue(date), .integer(added.isEmpty ? 0 : 1)])
            return ()
        }
    }

    public func patchObservations() async throws -> [PatchObservation] {
        try await single("""
            SELECT platform, maker, model, level, first_reported_at, device_count FROM patch_observations
            ORDER BY platform, maker, model, level
            """).map { row in
            guard let platform = Platform(rawValue: try row.requireText("platform")),
                  let firstReportedAt = row["first_reported_at"].date
            else { throw CorruptRow(column: "patch_observations") }
            return PatchObservation(
                platform: platform, maker: try row.requireText("maker"), model: try row.requireText("model"),
                level: try row.requireText("level"), firstReportedAt: firstReportedAt,
                deviceCount: Int(try row.requireInteger("device_count"))
            )
        }
    }
}
