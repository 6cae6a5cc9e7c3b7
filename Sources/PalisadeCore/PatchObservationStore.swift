import Foundation

/// First sightings of patch levels per maker and model, fed by every inventory report.
public protocol PatchObservationStore: Sendable {
    /// Notes that `device` reported `level`. The observation of (platform, maker, model, level) keeps the earliest
    /// `date` it was given and counts each device once: a device reporting the same level again changes nothing,
    /// and an earlier `date` moves `firstReportedAt` back.
    func recordPatchObservation(
        platform: Platform, maker: String, model: String, level: String, deviceID: DeviceID, at date: Date
    ) async throws
    /// Every observation, ordered by platform, maker, model and level.
    func patchObservations() async throws -> [PatchObservation]
}
