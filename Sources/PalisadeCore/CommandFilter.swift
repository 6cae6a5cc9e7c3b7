import Foundation

/// Which commands a listing returns; every field set narrows it.
public struct CommandFilter: Sendable, Hashable {
    public var deviceID: DeviceID?
    public var state: CommandState?
    public var requestType: String?
    public var batchID: UUID?

    public init(deviceID: DeviceID? = nil, state: CommandState? = nil, requestType: String? = nil, batchID: UUID? = nil) {
        self.deviceID = deviceID
        self.state = state
        self.requestType = requestType
        self.batchID = batchID
    }
}
