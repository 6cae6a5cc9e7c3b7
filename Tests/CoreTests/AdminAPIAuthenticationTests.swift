import Core
import Foundation
import Hummingbird
import PalisadeCore
import Testing

@Suite struct AdminAPIAuthenticationTests {
    /// A concrete URI for a route template, with random ids in its placeholders.
    static func concrete(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.hasPrefix("{") ? UUID().uuidString.lowercased() : String(part)
        }.joined(separator: "/")
    }

    @Test func healthNeedsNoToken() async throws {
        try await AdminAPIHarness.run { h in
            let response = try await h.call(.get, "/health", token: .some(nil))
            #expect(response.status == .ok)
            #expect(try AdminAPIHarness.json(response)["status"] == .string("ok"))
        }
    }

    @Test func everyOtherRouteRefusesAMissingMalformedUnknownOrRevokedToken() async throws {
        try await AdminAPIHarness.run { h in
            let revoked = TokenIssuer.issue(for: try #require(try await h.storage.administrators().first).id, label: "old", at: Date())
            try await h.storage.createToken(revoked.token)
            try await h.storage.revokeToken(revoked.token.id, at: Date())
            let expired = TokenIssuer.issue(
                for: try #require(try await h.storage.administrators().first).id, label: "old", at: Date(), expiresAt: Date(timeIntervalSinceNow: -60)
            )
            try await h.storage.createToken(expired.token)

            let badTokens: [String?] = [nil, "", "pal_", "pal_notatoken", "Basic abc", revoked.text, expired.text]
            for route in h.api.routes where route.minimumRole != nil {
                for token in badTokens {
                    let response = try await h.call(route.method, Self.concrete(route.path), json: route.method == .get ? nil : "{}", token: .some(token))
                    #expect(response.status == .unauthorized, "\(route.method) \(route.path) with \(token ?? "no token")")
                    #expect(try AdminAPIHarness.json(response)["error"] == .string("unauthenticated"))
                }
            }
        }
    }

    @Test func rolesBoundWhatEachAdministratorMayDo() async throws {
        try await AdminAPIHarness.run { h in
            let device = try await h.addDevice(Device(platform: .ios, createdAt: Date()))
            let lock = "{\"requestType\":\"RestartDevice\",\"deviceId\":\"\(device.id)\"}"

            #expect(try await h.call(.get, "/api/devices", token: .some(h.tokens[.viewer])).status == .ok)
            let refused = try await h.call(.post, "/api/commands", json: lock, token: .some(h.tokens[.viewer]))
            #expect(refused.status == .forbidden)
            #expect(try AdminAPIHarness.json(refused)["error"] == .string("forbidden"))
            #expect(try await h.call(.post, "/api/commands", json: lock, token: .some(h.tokens[.operator])).status == .created)

            #expect(try await h.call(.delete, "/api/devices/\(device.id)", token: .some(h.tokens[.approver])).status == .forbidden)
            #expect(try await h.call(.delete, "/api/devices/\(device.id)", token: .some(h.tokens[.admin])).status == .noContent)
        }
    }

    @Test func aDisabledAdministratorsTokenStopsWorking() async throws {
        try await AdminAPIHarness.run { h in
            let mallory = Administrator(name: "mallory", role: .admin, createdAt: Date(), disabled: true)
            try await h.storage.createAdministrator(mallory)
            let issued = TokenIssuer.issue(for: mallory.id, label: "x", at: Date())
            try await h.storage.createToken(issued.token)
            #expect(try await h.call(.get, "/api/devices", token: .some(issued.text)).status == .unauthorized)
        }
    }

    @Test func usingATokenStampsItsLastUse() async throws {
        try await AdminAPIHarness.run { h in
            let digest = TokenIssuer.digest(of: h.adminToken)
            #expect(try await h.storage.token(digest: digest)?.token.lastUsedAt == nil)
            _ = try await h.call(.get, "/api/groups")
            #expect(try await h.storage.token(digest: digest)?.token.lastUsedAt != nil)
        }
    }
}
