/// Why a check-in message or command result from a device was refused, or why a typed result could not be read.
///
/// Keys are named by their path in the property list (`QueryResponses.OSVersion`, `ErrorChain[0].ErrorCode`);
/// `clientSafeReason` uses only those paths and fixed wording, never values the device sent.
public enum DeviceMessageError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The body did not pass `PropertyListGuard`.
    case propertyList(PropertyListRefusal)
    /// The top level is not a dictionary.
    case notADictionary
    case missingKey(String)
    case wrongType(key: String, expected: PropertyListKind, found: PropertyListKind)
    /// The key holds the right type but a value the protocol or Palisade does not accept; `reason` is fixed text.
    case invalidValue(key: String, reason: String)
    /// Neither `UDID` nor `EnrollmentID`.
    case missingEnrollmentIdentifier
    /// Both `UDID` and `EnrollmentID`: a user enrolment never reveals the UDID, so such a message is not genuine.
    case conflictingEnrollmentIdentifiers

    public var clientSafeReason: String {
        switch self {
        case .propertyList(let refusal): refusal.clientSafeReason
        case .notADictionary: "top level is not a dictionary"
        case .missingKey(let key): "missing key \(key)"
        case .wrongType(let key, let expected, let found): "\(key) must be \(expected), not \(found)"
        case .invalidValue(let key, let reason): "\(key) \(reason)"
        case .missingEnrollmentIdentifier: "missing UDID or EnrollmentID"
        case .conflictingEnrollmentIdentifiers: "both UDID and EnrollmentID"
        }
    }

    public var description: String {
        if case .propertyList(let refusal) = self { refusal.description } else { clientSafeReason }
    }
}
