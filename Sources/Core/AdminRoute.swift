import Hummingbird
import PalisadeCore

/// One route of the admin API. The router is built from the list of these, and the OpenAPI document is tested
/// against the same list, so the two cannot drift apart.
public struct AdminRoute: Sendable {
    public let method: HTTPRequest.Method
    /// The path as OpenAPI writes it: `/api/devices/{id}`.
    public let path: String
    /// The least role that may call it; `nil` for the one route that needs no token (`GET /health`).
    public let minimumRole: Role?
    let handler: @Sendable (Request, AdminContext) async throws -> Response

    /// The path as Hummingbird's router writes it: `/api/devices/:id`.
    var routerPath: String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? ":" + part.dropFirst().dropLast() : part
        }.joined(separator: "/")
    }
}
