import Foundation

/// One MDM command as a device receives it from the server URL:
/// `{Command: {RequestType: …, …parameters}, CommandUUID: …}`, written as an XML property list with Apple's DTD.
///
/// Build one with the typed builders (`MDMCommand.deviceLock(…)`, …), from an admin request with
/// `fromAdminRequest(requestType:payload:uuid:)`, or raw with `init(requestType:parameters:uuid:)` for commands
/// without a builder. A `RequestType` among the parameters is overwritten by the command's own.
public struct MDMCommand: Sendable, Hashable {
    public var requestType: String
    /// The keys of the inner `Command` dictionary other than `RequestType`.
    public var parameters: [String: PropertyListValue]
    /// Palisade issues lower-case UUIDs, its `Command.id`; the device echoes it in its result.
    public var commandUUID: String

    public init(requestType: String, parameters: [String: PropertyListValue] = [:], uuid: UUID = UUID()) {
        self.requestType = requestType
        self.parameters = parameters
        self.commandUUID = uuid.uuidString.lowercased()
    }

    /// The whole command dictionary.
    public var propertyList: PropertyListValue {
        var command = parameters
        command["RequestType"] = .string(requestType)
        return .dictionary(["Command": .dictionary(command), "CommandUUID": .string(commandUUID)])
    }

    /// The body to send the device.
    public func wireData() -> Data {
        propertyList.xmlDocument()
    }
}
