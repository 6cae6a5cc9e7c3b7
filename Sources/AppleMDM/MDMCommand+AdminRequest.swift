import Foundation
import PalisadeCore

extension MDMCommand {
    /// Turns an admin API command request (`requestType` and its JSON `payload`, as stored in `Command`) into the
    /// wire command.
    ///
    /// For request types in Apple's schema (`CommandPayloadSchema.knownRequestTypes`) the payload is checked
    /// against it and against the rules Apple states in prose (six-digit PINs, exactly one app source, a message or
    /// phone number for Lost Mode). Other request types pass through with JSON types mapped to property-list types.
    /// `null` is treated as an empty payload, and `DeviceInformation` without `Queries` asks for
    /// `defaultDeviceInformationQueries`.
    public static func fromAdminRequest(requestType: String, payload: JSONValue, uuid: UUID) throws(CommandPayloadError) -> MDMCommand {
        if let problem = Command.problem(withRequestType: requestType) { throw .invalidRequestType(problem) }
        var members: [String: JSONValue]
        switch payload {
        case .null: members = [:]
        case .object(let object): members = object
        default: throw .notAnObject
        }
        for reserved in ["RequestType", "CommandUUID"] where members[reserved] != nil {
            throw .reservedKey(reserved)
        }
        if requestType == "DeviceInformation", members["Queries"] == nil {
            // Apple requires Queries; the server's own inventory commands are queued with an empty payload and mean
            // "what inventory needs".
            members["Queries"] = .array(defaultDeviceInformationQueries.map(JSONValue.string))
        }
        let converter = CommandPayloadConverter(requestType: requestType)
        let parameters = try converter.parameters(members, schema: CommandPayloadSchema.named(requestType)?.parameters)
        try CommandParameterRules.check(requestType: requestType, parameters: parameters)
        return MDMCommand(requestType: requestType, parameters: parameters, uuid: uuid)
    }
}
