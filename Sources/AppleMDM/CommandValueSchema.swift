/// The type Apple's schema gives one command key, with its allowed values and, for containers, what they hold.
///
/// An empty `allowed` list means any value of the type. `.any` is Apple's `<any>`: any property-list value,
/// unchecked. `.variantArray` is an array of dictionaries whose shape depends on one key, as `Settings` items are
/// chosen by their `Item`.
public indirect enum CommandValueSchema: Sendable, Hashable {
    case string(allowed: [String])
    case integer(allowed: [Int64])
    case real
    case boolean
    case date
    case data
    case any
    case array(of: CommandValueSchema)
    case variantArray(discriminator: String, variants: [String: CommandDictionarySchema])
    case dictionary(CommandDictionarySchema)

    /// The schema's own name for the type, for error messages.
    public var typeName: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .real: "real"
        case .boolean: "boolean"
        case .date: "date"
        case .data: "data (base64 text)"
        case .any: "any value"
        case .array, .variantArray: "array"
        case .dictionary: "object"
        }
    }
}
