import Foundation
import Hummingbird
import NIOCore
import PalisadeCore

/// A refusal or failure as the admin API reports it: an HTTP status and a JSON body
/// `{"error": "<code>", "detail": "<what to do next>"}`.
public struct APIError: Error, HTTPResponseError, Sendable {
    public let status: HTTPResponse.Status
    /// Stable, machine-readable code (`invalid_request`, `not_found`, …).
    public let code: String
    /// Human-readable explanation that says what was wrong.
    public let detail: String
    /// Headers the refusal carries besides its content type, such as the `Allow` of a 405.
    public var headers = HTTPFields()

    public init(_ status: HTTPResponse.Status, _ code: String, _ detail: String) {
        self.status = status
        self.code = code
        self.detail = detail
    }

    public static func invalid(_ detail: String) -> APIError { APIError(.badRequest, "invalid_request", detail) }
    public static func notFound(_ detail: String) -> APIError { APIError(.notFound, "not_found", detail) }
    public static func conflict(_ detail: String) -> APIError { APIError(.conflict, "conflict", detail) }
    /// A method the path does not have; `Allow` names the ones it does (RFC 9110 §15.5.6).
    public static func methodNotAllowed(_ allowed: [HTTPRequest.Method]) -> APIError {
        let names = allowed.map(\.rawValue).joined(separator: ", ")
        var error = APIError(.methodNotAllowed, "method_not_allowed", "this path answers only \(names)")
        error.headers[.allow] = names
        return error
    }

    /// Most characters of a client's own text an error quotes back.
    static let longestExcerpt = 40

    /// A client's text as an error may quote it: at most `longestExcerpt` characters, control characters shown as
    /// `?`, and `…` where it was cut, so a refusal never echoes a whole hostile value back (nor into a log).
    public static func excerpt(_ text: some StringProtocol) -> String {
        let shown = text.prefix(longestExcerpt).map { character in
            character.unicodeScalars.allSatisfy { $0.properties.generalCategory != .control && $0.properties.generalCategory != .format } ? character : "?"
        }
        return String(shown) + (text.count > longestExcerpt ? "…" : "")
    }

    public static let unauthenticated = APIError(
        .unauthorized, "unauthenticated", "send an API token as 'Authorization: Bearer <token>'"
    )

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = JSONValue.object(["error": .string(code), "detail": .string(detail)]).encoded()
        var headers = headers
        headers[.contentType] = "application/json"
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"palisade\"" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// The API's view of a storage refusal.
    public init(_ error: StoreError) {
        switch error {
        case .notFound(let kind, let id): self = .notFound("no \(kind) with id \(id)")
        case .conflict(let text): self = .conflict(text)
        case .invalidState(let text): self = APIError(.conflict, "invalid_state", text)
        case .invalidCursor: self = .invalid("cursor is not one this server issued; start again without it")
        case .backend: self = APIError(.serviceUnavailable, "storage_unavailable", "the database did not answer; retry later")
        }
    }
}
