import PalisadeCore

/// Why a status item or declaration is in error: a code such as `Error.ConfigurationCannotBeApplied`, an optional
/// description and details.
public struct StatusReason: Sendable, Hashable {
    public var code: String
    public var description: String?
    public var details: [String: JSONValue]?

    public init(code: String, description: String? = nil, details: [String: JSONValue]? = nil) {
        self.code = code
        self.description = description
        self.details = details
    }

    /// Reads a reason object; `code` is required, whether spelt `Code` (status-report errors) or `code` (declaration
    /// status).
    init(reader: JSONObjectReader, capitalized: Bool) throws(DeclarativeMessageError) {
        code = try reader.string(capitalized ? "Code" : "code")
        description = try reader.optionalString(capitalized ? "Description" : "description")
        details = try reader.optionalObject(capitalized ? "Details" : "details")?.members
    }
}
