/// The four kinds of Declarative Device Management declaration, as named in `declaration/<kind>/<identifier>`
/// endpoints and by the prefix of a declaration's `Type` (`com.apple.configuration.passcode.settings`).
public enum DeclarationKind: String, Sendable, Hashable, CaseIterable, Codable {
    case activation
    case asset
    case configuration
    case management

    /// The kind a declaration `Type` belongs to: `com.apple.<kind>.…`; `nil` for anything else.
    public init?(declarationType: String) {
        let parts = declarationType.split(separator: ".", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count >= 3, parts[0] == "com", parts[1] == "apple", let kind = DeclarationKind(rawValue: String(parts[2])) else {
            return nil
        }
        self = kind
    }
}
