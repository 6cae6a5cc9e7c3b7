/// Why a Declarative Device Management document from a device (a status report) was refused. Keys are named by
/// their path (`Errors[0].Reasons[1].Code`); the text never repeats values the device sent.
public enum DeclarativeMessageError: Error, Sendable, Hashable, CustomStringConvertible {
    case tooLarge(limit: Int)
    /// Arrays and objects nested deeper than the limit; checked before decoding.
    case tooDeep(limit: Int)
    case notJSON
    case missingKey(String)
    case wrongType(key: String, expected: String)

    public var description: String {
        switch self {
        case .tooLarge(let limit): "document larger than \(limit) bytes"
        case .tooDeep(let limit): "document nested deeper than \(limit) levels"
        case .notJSON: "not a JSON document"
        case .missingKey(let key): "missing key \(key)"
        case .wrongType(let key, let expected): "\(key) must be \(expected)"
        }
    }
}
