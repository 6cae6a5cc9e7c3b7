/// Why an administrator's command request could not be turned into a wire command. `description` says what to
/// change, naming the key by its path (`ReturnToService.Enabled`, `Settings[1].Item`).
public enum CommandPayloadError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidRequestType(String)
    /// The payload is not a JSON object.
    case notAnObject
    /// `RequestType` or `CommandUUID` in the payload: the server sets those.
    case reservedKey(String)
    case unknownKey(key: String, requestType: String, allowed: [String])
    case missingKey(key: String, requestType: String)
    case wrongType(key: String, expected: String)
    case valueNotAllowed(key: String, allowed: [String])
    case invalidValue(key: String, reason: String)
    /// None of keys of which the command needs at least one.
    case needsOneOf(keys: [String], requestType: String)
    /// More than one of keys that exclude each other.
    case needsExactlyOneOf(keys: [String], requestType: String)
    /// Nesting deeper than a command ever needs.
    case tooDeep(key: String)

    public var description: String {
        switch self {
        case .invalidRequestType(let problem):
            problem
        case .notAnObject:
            "payload must be a JSON object"
        case .reservedKey(let key):
            "payload must not contain '\(key)': the server sets it"
        case .unknownKey(let key, let requestType, let allowed):
            allowed.isEmpty
                ? "unknown key '\(key)' for \(requestType); it takes no keys here"
                : "unknown key '\(key)' for \(requestType); allowed keys: \(allowed.joined(separator: ", "))"
        case .missingKey(let key, let requestType):
            "\(requestType) requires '\(key)'"
        case .wrongType(let key, let expected):
            "'\(key)' must be \(expected)"
        case .valueNotAllowed(let key, let allowed):
            "'\(key)' must be one of: \(allowed.joined(separator: ", "))"
        case .invalidValue(let key, let reason):
            "'\(key)' \(reason)"
        case .needsOneOf(let keys, let requestType):
            "\(requestType) requires at least one of: \(keys.joined(separator: ", "))"
        case .needsExactlyOneOf(let keys, let requestType):
            "\(requestType) requires exactly one of: \(keys.joined(separator: ", "))"
        case .tooDeep(let key):
            "'\(key)' nests deeper than 32 levels"
        }
    }
}
