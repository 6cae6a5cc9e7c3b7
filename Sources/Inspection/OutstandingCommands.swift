import Foundation

/// The commands the edge handed each device and that the device has not answered yet, so that its answer is not
/// charged to the device's rate limit: a device working through a long queue (a first enrolment with many profiles and
/// apps) makes one request per command, each one the core asked for, and must never be told 429.
///
/// A result redeems its command once: a second result for the same UUID, a result for a UUID this device was not
/// handed, Idle and check-ins are charged as before, so a flood gains at most one free request per command the core
/// chose to send. A value type with mutating methods; `InspectionGate` keeps one behind its lock. Memory is bounded:
/// `perDevice` UUIDs per device (the oldest forgotten first; a device answers one command per request, so it rarely
/// has more than one), and `maximumDevices` devices (the longest-idle quarter forgotten when full). Forgetting only
/// means a result is charged, as every result was before. Times come from the caller.
public struct OutstandingCommands: Sendable {
    struct Device: Sendable {
        var commands: [String]
        var updatedAt: Date
    }

    public let perDevice: Int
    public let maximumDevices: Int
    private var devices: [String: Device] = [:]

    public init(perDevice: Int = 8, maximumDevices: Int = 100_000) {
        precondition(perDevice > 0 && maximumDevices > 0, "outstanding commands remember at least one command of one device")
        self.perDevice = perDevice
        self.maximumDevices = maximumDevices
    }

    /// How many devices have commands outstanding.
    public var trackedDevices: Int { devices.count }

    /// Notes that `commandUUID` was handed to `device`.
    public mutating func handed(_ commandUUID: String, to device: String, now: Date) {
        if var entry = devices[device] {
            entry.commands.removeAll { $0 == commandUUID }
            entry.commands.append(commandUUID)
            if entry.commands.count > perDevice { entry.commands.removeFirst(entry.commands.count - perDevice) }
            entry.updatedAt = max(entry.updatedAt, now)
            devices[device] = entry
            return
        }
        if devices.count >= maximumDevices { evictLongestIdle() }
        devices[device] = Device(commands: [commandUUID], updatedAt: now)
    }

    /// Whether `commandUUID` was handed to `device` and not answered yet; if so it is answered now, and a second
    /// answer is not excused.
    public mutating func answer(_ commandUUID: String, from device: String) -> Bool {
        guard var entry = devices[device], let index = entry.commands.firstIndex(of: commandUUID) else { return false }
        entry.commands.remove(at: index)
        devices[device] = entry.commands.isEmpty ? nil : entry
        return true
    }

    private mutating func evictLongestIdle() {
        let oldest = devices.sorted { $0.value.updatedAt < $1.value.updatedAt }.prefix(max(1, devices.count / 4))
        for (key, _) in oldest { devices[key] = nil }
    }
}
