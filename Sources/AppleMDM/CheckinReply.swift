import Foundation

/// What the server sends back to a check-in message: an HTTP status, a content type and a body. Pure values for
/// the HTTP layer to write as they are.
///
/// Refusals are not built here: they are 400 or 403 from the HTTP layer, and never 401, on which a device removes
/// its enrolment.
public struct CheckinReply: Sendable, Hashable {
    public var status: Int
    public var contentType: String?
    public var body: Data

    public init(status: Int, contentType: String? = nil, body: Data = Data()) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }

    static let propertyListContentType = "application/xml"

    /// 200 with an empty body: the answer to Authenticate, TokenUpdate, CheckOut and SetBootstrapToken.
    public static let accepted = CheckinReply(status: 200)

    /// The answer to GetBootstrapToken: the escrowed token, or an empty dictionary when none is held.
    public static func bootstrapToken(_ token: Data?) -> CheckinReply {
        var entries: [String: PropertyListValue] = [:]
        if let token { entries["BootstrapToken"] = .data(token) }
        return propertyList(.dictionary(entries))
    }

    /// The answer to GetToken: `TokenData`, UTF-8 bytes when the token is text.
    public static func token(_ tokenData: Data) -> CheckinReply {
        propertyList(.dictionary(["TokenData": .data(tokenData)]))
    }

    public static func userAuthenticate(_ reply: UserAuthenticateReply) -> CheckinReply {
        switch reply {
        case .decline: CheckinReply(status: 410)
        case .noPasswordRequired: propertyList(.dictionary(["DigestChallenge": .string("")]))
        case .challenge(let challenge): propertyList(.dictionary(["DigestChallenge": .string(challenge)]))
        case .authenticated(let authToken): propertyList(.dictionary(["AuthToken": .string(authToken)]))
        case .passwordRejected: propertyList(.dictionary(["AuthToken": .string("")]))
        }
    }

    /// The answer to a DeclarativeManagement check-in: JSON passed through as it is (tokens, declaration items, one
    /// declaration) — build it with `DeclarationTokensResponse`, `DeclarationItemsResponse` or `Declaration`.
    public static func declarativeManagement(json: Data) -> CheckinReply {
        CheckinReply(status: 200, contentType: "application/json", body: json)
    }

    /// The answer to a DeclarativeManagement `status` report: 200, nothing to say.
    public static let statusReceived = CheckinReply(status: 200)

    static func propertyList(_ value: PropertyListValue) -> CheckinReply {
        CheckinReply(status: 200, contentType: propertyListContentType, body: value.xmlDocument())
    }
}
