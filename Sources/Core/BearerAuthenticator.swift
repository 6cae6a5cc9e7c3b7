import Foundation
import Hummingbird
import PalisadeCore

/// Checks the `Authorization: Bearer` token of an admin API request and the caller's role.
struct BearerAuthenticator: Sendable {
    let store: any AdministratorStore
    let clock: any WallClock

    /// How stale `lastUsedAt` may get before a request refreshes it; saves a write on every request.
    static let lastUsedResolution: TimeInterval = 60

    func authenticate(_ request: Request, minimumRole: Role) async throws -> Administrator {
        guard let header = request.headers[.authorization], header.count < 512 else { throw APIError.unauthenticated }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", parts[1].hasPrefix(TokenIssuer.prefix) else {
            throw APIError.unauthenticated
        }
        let now = clock.now
        guard let (token, administrator) = try await store.token(digest: TokenIssuer.digest(of: String(parts[1]))),
              token.isUsable(at: now), !administrator.disabled
        else { throw APIError.unauthenticated }
        guard administrator.role >= minimumRole else {
            throw APIError(.forbidden, "forbidden", "this needs the \(minimumRole.rawValue) role; \(administrator.name) is \(administrator.role.rawValue)")
        }
        if token.lastUsedAt.map({ now.timeIntervalSince($0) > Self.lastUsedResolution }) ?? true {
            try await store.markTokenUsed(token.id, at: now)
        }
        return administrator
    }
}
