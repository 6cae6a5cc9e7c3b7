import Foundation

/// The security posture of each device, written piece by piece as command results arrive.
///
/// Every write is partial: it changes only what the report carried, and a `nil` argument leaves the stored value
/// alone. Deleting a device deletes its posture.
public protocol DevicePostureStore: Sendable {
    /// `nil` when the device has reported nothing (or does not exist).
    func posture(of device: DeviceID) async throws -> DevicePosture?
    /// The postures of those devices that have one; devices without are absent from the result. Any number of ids.
    func postures(of ids: [DeviceID]) async throws -> [DeviceID: DevicePosture]
    /// Every stored posture, ordered by device id.
    func allPostures() async throws -> [DevicePosture]

    /// Records what a security report carried. Throws `notFound` if the device is not stored.
    func recordSecurity(of device: DeviceID, passcodePresent: Bool?, passcodeCompliant: Bool?, encrypted: Bool?, at date: Date) async throws
    /// Throws `notFound` if the device is not stored.
    func recordSupervision(of device: DeviceID, supervised: Bool, at date: Date) async throws
    /// Replaces the device's app list with `identifiers` (normalized as `DevicePosture.normalizedApps`) and stamps
    /// `appsReportedAt`. Throws `notFound` if the device is not stored.
    func recordInstalledApps(of device: DeviceID, identifiers: [String], at date: Date) async throws
}
