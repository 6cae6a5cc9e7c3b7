import Crypto
import Foundation
import PalisadeCore

/// One declaration as the `declaration/<kind>/<identifier>` endpoint returns it: `Type`, `Identifier`,
/// `ServerToken` and `Payload`.
///
/// The server token is derived from the content, as Apple requires ("must change whenever there's any change to
/// the content"), so a changed declaration is always refetched and an unchanged one never is.
public struct Declaration: Sendable, Hashable, Codable {
    public var type: String
    public var identifier: String
    public var serverToken: String
    public var payload: JSONValue

    public init(type: String, identifier: String, payload: JSONValue) {
        self.type = type
        self.identifier = identifier
        self.payload = payload
        self.serverToken = Self.serverToken(type: type, identifier: identifier, payload: payload)
    }

    /// The kind named by the `Type` prefix (`com.apple.configuration.…`).
    public var kind: DeclarationKind? { DeclarationKind(declarationType: type) }

    public var item: DeclarationItem { DeclarationItem(identifier: identifier, serverToken: serverToken) }

    /// SHA-256 of the canonical JSON (sorted keys) of type, identifier and payload, as 64 hex digits: Apple asks
    /// for at most 64 octets.
    public static func serverToken(type: String, identifier: String, payload: JSONValue) -> String {
        let canonical = JSONValue.object(["Type": .string(type), "Identifier": .string(identifier), "Payload": payload]).encoded()
        return Hex.encode(SHA256.hash(data: canonical))
    }

    private enum CodingKeys: String, CodingKey {
        case type = "Type"
        case identifier = "Identifier"
        case serverToken = "ServerToken"
        case payload = "Payload"
    }

    public func jsonData() -> Data { DeclarativeJSON.encode(self) }
}
