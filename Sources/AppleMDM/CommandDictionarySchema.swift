/// The keys a dictionary in a command may hold. Keys not listed are refused unless `otherKeys` is set, which is how
/// Apple's schema marks free-form dictionaries (an app's managed `Configuration`, for instance).
public struct CommandDictionarySchema: Sendable, Hashable {
    public let keys: [CommandKeySchema]
    /// The type of any key not listed; `nil` when unlisted keys are refused.
    public let otherKeys: CommandValueSchema?

    public init(keys: [CommandKeySchema], otherKeys: CommandValueSchema? = nil) {
        self.keys = keys
        self.otherKeys = otherKeys
    }

    public func key(named name: String) -> CommandKeySchema? {
        keys.first { $0.name == name }
    }
}
