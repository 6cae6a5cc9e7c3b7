import Foundation

/// A message a device sends to the check-in URL (`Content-Type: application/x-apple-aspen-mdm-checkin`), parsed
/// from a body that has passed `PropertyListGuard`.
///
/// Required keys and their types follow Apple's schema (`mdm/checkin/*.yaml`), with the documented exceptions on
/// each message type where the schema marks a key required that only one platform or channel sends. Keys Apple
/// may add are ignored; present keys of the wrong type, identifiers outside their formats and unknown message types
/// are refused with a `DeviceMessageError` naming the key.
public enum CheckinMessage: Sendable, Hashable {
    case authenticate(AuthenticateMessage)
    case tokenUpdate(TokenUpdateMessage)
    case checkOut(CheckOutMessage)
    case setBootstrapToken(SetBootstrapTokenMessage)
    case getBootstrapToken(GetBootstrapTokenMessage)
    case declarativeManagement(DeclarativeManagementMessage)
    case userAuthenticate(UserAuthenticateMessage)
    case getToken(GetTokenMessage)

    /// The content type devices send check-in messages with.
    public static let contentType = "application/x-apple-aspen-mdm-checkin"

    static let topicRule = TextRule.printableASCII(maximumLength: 255)
    static let shortTextRule = TextRule.displayText(maximumLength: 64)
    static let nameRule = TextRule.displayText(maximumLength: 256)

    /// Guards, decodes and parses a check-in body.
    public static func parse(_ body: Data, limits: PropertyListLimits = .deviceMessage) throws(DeviceMessageError) -> CheckinMessage {
        let value: PropertyListValue
        do throws(PropertyListRefusal) {
            value = try PropertyListGuard(limits: limits).decode(body)
        } catch {
            throw .propertyList(error)
        }
        return try CheckinMessage(propertyList: value)
    }

    /// Parses an already decoded check-in dictionary.
    public init(propertyList: PropertyListValue) throws(DeviceMessageError) {
        let reader = try PropertyListDictionaryReader(propertyList)
        switch try reader.string("MessageType") {
        case "Authenticate": self = .authenticate(try AuthenticateMessage(reader: reader))
        case "TokenUpdate": self = .tokenUpdate(try TokenUpdateMessage(reader: reader))
        case "CheckOut": self = .checkOut(try CheckOutMessage(reader: reader))
        case "SetBootstrapToken": self = .setBootstrapToken(try SetBootstrapTokenMessage(reader: reader))
        case "GetBootstrapToken": self = .getBootstrapToken(try GetBootstrapTokenMessage(reader: reader))
        case "DeclarativeManagement": self = .declarativeManagement(try DeclarativeManagementMessage(reader: reader))
        case "UserAuthenticate": self = .userAuthenticate(try UserAuthenticateMessage(reader: reader))
        case "GetToken": self = .getToken(try GetTokenMessage(reader: reader))
        default: throw .invalidValue(key: "MessageType", reason: "is not a check-in message type")
        }
    }

    /// The `MessageType` as the device wrote it.
    public var messageType: String {
        switch self {
        case .authenticate: "Authenticate"
        case .tokenUpdate: "TokenUpdate"
        case .checkOut: "CheckOut"
        case .setBootstrapToken: "SetBootstrapToken"
        case .getBootstrapToken: "GetBootstrapToken"
        case .declarativeManagement: "DeclarativeManagement"
        case .userAuthenticate: "UserAuthenticate"
        case .getToken: "GetToken"
        }
    }

    /// The message as a device writes it, for simulated devices and tests; `parse` reads it back unchanged.
    public var propertyList: PropertyListValue {
        var entries: [String: PropertyListValue]
        switch self {
        case .authenticate(let message): entries = message.propertyListEntries
        case .tokenUpdate(let message): entries = message.propertyListEntries
        case .checkOut(let message): entries = message.propertyListEntries
        case .setBootstrapToken(let message): entries = message.propertyListEntries
        case .getBootstrapToken(let message): entries = message.propertyListEntries
        case .declarativeManagement(let message): entries = message.propertyListEntries
        case .userAuthenticate(let message): entries = message.propertyListEntries
        case .getToken(let message): entries = message.propertyListEntries
        }
        entries["MessageType"] = .string(messageType)
        return .dictionary(entries)
    }

    /// The XML body a device would PUT to the check-in URL.
    public func body() -> Data { propertyList.xmlDocument() }

    /// The enrolment and, on the user channel, the user the message is from.
    public var identity: EnrollmentIdentity {
        switch self {
        case .authenticate(let message): message.identity
        case .tokenUpdate(let message): message.identity
        case .checkOut(let message): message.identity
        case .setBootstrapToken(let message): message.identity
        case .getBootstrapToken(let message): message.identity
        case .declarativeManagement(let message): message.identity
        case .userAuthenticate(let message): message.identity
        case .getToken(let message): message.identity
        }
    }
}
