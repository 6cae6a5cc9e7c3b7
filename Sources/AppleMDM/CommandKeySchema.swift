/// One key of a command's request as Apple's schema defines it: its name, whether it must be present, its type.
public struct CommandKeySchema: Sendable, Hashable {
    public let name: String
    public let isRequired: Bool
    public let value: CommandValueSchema

    public init(_ name: String, required isRequired: Bool, _ value: CommandValueSchema) {
        self.name = name
        self.isRequired = isRequired
        self.value = value
    }
}
