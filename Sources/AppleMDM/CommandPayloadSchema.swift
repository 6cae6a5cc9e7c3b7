/// Apple's schema for the request keys of one MDM command, compiled into Swift from `mdm/commands/*.yaml` by
/// `Tests/AppleMDMTests/Tools/generate_command_schema.py` (YAML is never read at run time).
///
/// `MDMCommand.fromAdminRequest` validates admin payloads against it; the edge's inspection can use it to hold
/// commands to the same positive model.
public struct CommandPayloadSchema: Sendable, Hashable {
    public let requestType: String
    public let parameters: CommandDictionarySchema

    public init(requestType: String, parameters: CommandDictionarySchema) {
        self.requestType = requestType
        self.parameters = parameters
    }

    /// The schema for `requestType`, or `nil` when Apple's schema does not describe it.
    public static func named(_ requestType: String) -> CommandPayloadSchema? {
        CommandSchemaCatalog.schemas[requestType]
    }

    /// Every request type the compiled schema describes, sorted.
    public static var knownRequestTypes: [String] {
        CommandSchemaCatalog.schemas.keys.sorted()
    }
}
