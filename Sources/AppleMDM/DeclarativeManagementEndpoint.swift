/// What a `DeclarativeManagement` check-in asks for: `tokens`, `declaration-items`, `status`, or one declaration by
/// kind and identifier (`declaration/configuration/com.example.passcode`).
///
/// Refuses any other endpoint, an unknown declaration kind, and identifiers that are empty, longer than 256 bytes or
/// not printable ASCII (Palisade issues the identifiers, so a device only echoes them).
public enum DeclarativeManagementEndpoint: Sendable, Hashable, CustomStringConvertible {
    case tokens
    case declarationItems
    case status
    case declaration(kind: DeclarationKind, identifier: String)

    static let identifierRule = TextRule.printableASCII(maximumLength: 256)

    public init?(_ text: String) {
        switch text {
        case "tokens": self = .tokens
        case "declaration-items": self = .declarationItems
        case "status": self = .status
        default:
            // The identifier is everything after the second slash, so one that itself holds a slash stays whole.
            let parts = text.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0] == "declaration", let kind = DeclarationKind(rawValue: String(parts[1])),
                  Self.identifierRule.accepts(String(parts[2]))
            else { return nil }
            self = .declaration(kind: kind, identifier: String(parts[2]))
        }
    }

    /// The endpoint as the device writes it.
    public var description: String {
        switch self {
        case .tokens: "tokens"
        case .declarationItems: "declaration-items"
        case .status: "status"
        case .declaration(let kind, let identifier): "declaration/\(kind.rawValue)/\(identifier)"
        }
    }
}
