import PalisadeCore

/// Wakes devices so that they check in and fetch their commands.
public protocol DevicePusher: Sendable {
    /// Pushes to every live channel of each device. Never throws: a failed push only delays the device until its
    /// next check-in, and is logged.
    func wake(_ devices: [DeviceID]) async
}

/// A pusher that pushes nothing: for cores without a push certificate, and for tests of other things.
public struct SilentPusher: DevicePusher {
    public init() {}
    public func wake(_ devices: [DeviceID]) async {}
}
