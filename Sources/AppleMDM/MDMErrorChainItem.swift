/// One entry of a result's `ErrorChain`: the device's account of why a command failed, outermost error first.
///
/// Every key is optional because devices leave some out; a key of the wrong type is still refused.
public struct MDMErrorChainItem: Sendable, Hashable {
    public var errorCode: Int64?
    public var errorDomain: String?
    public var localizedDescription: String?
    public var usEnglishDescription: String?

    public init(errorCode: Int64? = nil, errorDomain: String? = nil, localizedDescription: String? = nil, usEnglishDescription: String? = nil) {
        self.errorCode = errorCode
        self.errorDomain = errorDomain
        self.localizedDescription = localizedDescription
        self.usEnglishDescription = usEnglishDescription
    }

    var propertyList: PropertyListValue {
        var entries: [String: PropertyListValue] = [:]
        if let errorCode { entries["ErrorCode"] = .integer(errorCode) }
        if let errorDomain { entries["ErrorDomain"] = .string(errorDomain) }
        if let localizedDescription { entries["LocalizedDescription"] = .string(localizedDescription) }
        if let usEnglishDescription { entries["USEnglishDescription"] = .string(usEnglishDescription) }
        return .dictionary(entries)
    }

    init(reader: PropertyListDictionaryReader) throws(DeviceMessageError) {
        errorCode = try reader.optionalInteger("ErrorCode")
        errorDomain = try reader.optionalString("ErrorDomain")
        localizedDescription = try reader.optionalString("LocalizedDescription")
        usEnglishDescription = try reader.optionalString("USEnglishDescription")
    }
}
