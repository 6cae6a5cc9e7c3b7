/// One entry of the declaration manifest: a declaration's identifier and the server token of its current revision.
public struct DeclarationItem: Sendable, Hashable, Codable {
    public var identifier: String
    public var serverToken: String

    public init(identifier: String, serverToken: String) {
        self.identifier = identifier
        self.serverToken = serverToken
    }

    private enum CodingKeys: String, CodingKey {
        case identifier = "Identifier"
        case serverToken = "ServerToken"
    }
}
