import Foundation

/// Inventory of devices and their enrolments.
public protocol DeviceStore: Sendable {
    /// Adds a device. Throws `conflict` if its serial number or hardware ID is already taken.
    func createDevice(_ device: Device) async throws
    func device(_ id: DeviceID) async throws -> Device?
    /// Finds the device a platform identifier (UDID, enrolment ID, Android device name) belongs to.
    func device(hardwareID: String) async throws -> Device?
    func devices(matching filter: DeviceFilter, page: PageRequest) async throws -> Page<Device>
    /// How many devices match, for totals beside a page.
    func countDevices(matching filter: DeviceFilter) async throws -> Int
    /// Replaces the stored device with this one. Throws `notFound` if it is not stored.
    func updateDevice(_ device: Device) async throws
    /// Stamps the last time the device talked to the server.
    func markSeen(_ id: DeviceID, at date: Date) async throws
    /// Forgets the device, its enrolments, group memberships, pending commands and posture (not the patch levels it
    /// reported, which are fleet history). Returns whether it existed.
    @discardableResult
    func deleteDevice(_ id: DeviceID) async throws -> Bool

    /// Records a new enrolment and marks the device enrolled; any earlier live enrolment of the device ends.
    func recordEnrollment(_ enrollment: Enrollment) async throws
    /// Ends the device's live enrolment, if any, and marks it unenrolled.
    func endEnrollment(of device: DeviceID, at date: Date) async throws
    func enrollments(of device: DeviceID) async throws -> [Enrollment]
}
