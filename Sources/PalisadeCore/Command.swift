import Foundation

/// One instruction for one device, from the moment an administrator queues it until the device answers or it
/// is cancelled, expires or is pruned.
///
/// A command sent to a group becomes one `Command` per member, sharing a `batchID`, so that every device's
/// answer is tracked on its own.
public struct Command: Codable, Sendable, Hashable, Identifiable {
    /// The protocol's command identifier (Apple's `CommandUUID`).
    public var id: UUID
    public var deviceID: DeviceID
    /// The protocol's request type (`DeviceLock`, `DeviceInformation`, …).
    public var requestType: String
    /// The request's parameters, a JSON object; the protocol module turns it into the wire format.
    public var payload: JSONValue
    public var state: CommandState
    /// Shared by the commands made from one group request.
    public var batchID: UUID?
    /// The administrator who queued it, or `nil` for the server itself (say, inventory at enrolment).
    public var requestedBy: UUID?
    public var createdAt: Date
    public var updatedAt: Date
    /// When it was last handed to the device.
    public var sentAt: Date?
    /// When it reached a finished state.
    public var completedAt: Date?
    /// After this it is no longer delivered and becomes `expired`.
    public var expiresAt: Date?
    /// The device's last reply, kept as it came.
    public var result: Data?

    public init(
        id: UUID = UUID(),
        deviceID: DeviceID,
        requestType: String,
        payload: JSONValue = .object([:]),
        state: CommandState = .queued,
        batchID: UUID? = nil,
        requestedBy: UUID? = nil,
        createdAt: Date,
        updatedAt: Date? = nil,
        sentAt: Date? = nil,
        completedAt: Date? = nil,
        expiresAt: Date? = nil,
        result: Data? = nil
    ) {
        self.id = id
        self.deviceID = deviceID
        self.requestType = requestType
        self.payload = payload
        self.state = state
        self.batchID = batchID
        self.requestedBy = requestedBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
        self.sentAt = sentAt
        self.completedAt = completedAt
        self.expiresAt = expiresAt
        self.result = result
    }

    /// Why a request type is unacceptable, or `nil`: protocol request types are 1–64 ASCII letters and digits,
    /// starting with a letter.
    public static func problem(withRequestType type: String) -> String? {
        guard let first = type.unicodeScalars.first, type.count <= 64,
              ("A"..."Z").contains(first) || ("a"..."z").contains(first),
              type.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) })
        else {
            return "requestType must be 1 to 64 ASCII letters and digits, starting with a letter"
        }
        return nil
    }
}
