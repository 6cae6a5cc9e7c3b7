/// How one declaration fares on the device, from the `management.declarations` status item.
public struct DeclarationStatus: Sendable, Hashable {
    public var identifier: String
    public var serverToken: String
    public var active: Bool
    /// `valid`, `invalid` or `unknown`.
    public var valid: String
    public var reasons: [StatusReason]

    public init(identifier: String, serverToken: String, active: Bool, valid: String, reasons: [StatusReason] = []) {
        self.identifier = identifier
        self.serverToken = serverToken
        self.active = active
        self.valid = valid
        self.reasons = reasons
    }

    init(reader: JSONObjectReader) throws(DeclarativeMessageError) {
        identifier = try reader.string("identifier")
        serverToken = try reader.string("server-token")
        guard let active = try reader.optionalBool("active") else { throw .missingKey(reader.keyPath("active")) }
        self.active = active
        valid = try reader.string("valid")
        reasons = try (reader.optionalObjects("reasons") ?? []).map { (item) throws(DeclarativeMessageError) in
            try StatusReason(reader: item, capitalized: false)
        }
    }
}
