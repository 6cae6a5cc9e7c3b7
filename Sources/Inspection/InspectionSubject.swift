import Foundation

/// What inspection learnt about a message, for the stateful checks and the log: never a secret, only identifiers and
/// types.
public struct InspectionSubject: Sendable, Hashable {
    /// `nil` when the path matched no endpoint.
    public var endpoint: DeviceEndpoint?
    /// The check-in `MessageType`, or the result's `Status` on connect.
    public var messageKind: String?
    /// The enrolment the message is from (UDID or EnrollmentID), once the body parsed; the key of the per-device
    /// rate limit. The same on the device and user channels: `userChannel` tells them apart.
    public var deviceKey: String?
    /// Whether the message came on a user channel (it named a user), so that the edge's command gate can refuse
    /// device-wide commands sent there.
    public var userChannel = false
    /// The CMS signing time `Mdm-Signature` carries, when it carries one the edge could read.
    public var signingTime: Date?
    /// `RequestType` and `CommandUUID` of a command going out, for the log.
    public var requestType: String?
    public var commandUUID: String?

    public init(endpoint: DeviceEndpoint? = nil) {
        self.endpoint = endpoint
    }
}
