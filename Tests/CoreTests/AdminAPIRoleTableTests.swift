import Core
import Foundation
import Hummingbird
import PalisadeCore
import Testing

/// Every admin API route against every role: the least role each route needs is written down here, so changing
/// one is a deliberate edit to this table; a role below it gets 403 whatever the request says, and a role at or
/// above it is never refused for its role.
@Suite struct AdminAPIRoleTableTests {
    static let table: [String: Role?] = [
        "GET /health": nil,
        "GET /metrics": .viewer,
        "GET /api/openapi.json": .viewer,
        "GET /api/devices": .viewer,
        "POST /api/devices": .operator,
        "GET /api/devices/{id}": .viewer,
        "GET /api/devices/{id}/posture": .viewer,
        "PATCH /api/devices/{id}": .operator,
        "DELETE /api/devices/{id}": .admin,
        "POST /api/devices/{id}/identity/revoke": .admin,
        "GET /api/groups": .viewer,
        "POST /api/groups": .operator,
        "GET /api/groups/{id}": .viewer,
        "PATCH /api/groups/{id}": .operator,
        "DELETE /api/groups/{id}": .operator,
        "GET /api/groups/{id}/members": .viewer,
        "POST /api/groups/{id}/members": .operator,
        "DELETE /api/groups/{id}/members/{deviceId}": .operator,
        "GET /api/commands": .viewer,
        "POST /api/commands": .operator,
        "GET /api/commands/{id}": .viewer,
        "POST /api/commands/{id}/cancel": .operator,
        "GET /api/approvals": .viewer,
        "GET /api/approvals/{id}": .viewer,
        "POST /api/approvals/{id}/signatures": .operator,
        "GET /api/wipe-breaker/trips": .viewer,
        "POST /api/wipe-breaker/trips/{tripId}/signatures": .approver,
        "GET /api/audit-events": .viewer,
        "GET /api/audit-events/verify": .viewer,
        "POST /api/enrollment-invitations": .operator,
        "GET /api/enrollment-invitations/{id}/profile": .operator,
        "GET /api/enrollment-links": .operator,
        "POST /api/enrollment-links": .operator,
        "GET /api/enrollment-links/{id}": .operator,
        "POST /api/enrollment-links/{id}/revoke": .operator,
        "GET /api/apns/certificate": .viewer,
        "PUT /api/apns/certificate": .admin,
        "GET /api/administrators": .admin,
        "POST /api/administrators": .admin,
        "POST /api/administrators/{id}/keys": .admin,
        "GET /api/catalog": .viewer,
        "PUT /api/catalog/sources": .admin,
        "GET /api/catalog/overrides": .viewer,
        "PUT /api/catalog/overrides": .admin,
        "GET /api/reports/patch": .viewer,
        "GET /api/reports/compliance": .viewer,
        "GET /api/reports/makers": .viewer,
        "GET /api/advice": .viewer,
        "GET /api/compliance/policies": .viewer,
        "POST /api/compliance/evaluate": .operator,
        "GET /api/compliance/devices/{id}": .viewer,
    ]

    @Test func theTableNamesEveryRouteWithTheRoleTheRouterEnforces() async throws {
        try await AdminAPIHarness.run { h in
            let routes = Dictionary(uniqueKeysWithValues: h.api.routes.map { ("\($0.method.rawValue) \($0.path)", $0.minimumRole) })
            #expect(Set(routes.keys) == Set(Self.table.keys))
            for (key, role) in Self.table { #expect(routes[key] == role, "\(key)") }
        }
    }

    @Test func aRoleBelowARoutesLeastRoleIsRefusedAndOneAtOrAboveItIsNot() async throws {
        try await AdminAPIHarness.run { h in
            for route in h.api.routes {
                guard let least = route.minimumRole else { continue }
                // Identifiers that exist nowhere: the role check comes before any lookup or validation.
                let path = route.path.replacingOccurrences(of: "{id}", with: UUID().uuidString.lowercased())
                    .replacingOccurrences(of: "{deviceId}", with: DeviceID().description).replacingOccurrences(of: "{tripId}", with: "1.0")
                let body: String? = [.post, .put, .patch].contains(route.method) ? "{}" : nil
                for role in Role.allCases {
                    let response = try await h.call(route.method, path, json: body, token: .some(h.tokens[role]))
                    let key = "\(route.method.rawValue) \(route.path) as \(role.rawValue)"
                    if role < least {
                        #expect(response.status == .forbidden, "\(key): \(response.status)")
                    } else {
                        #expect(response.status != .forbidden && response.status != .unauthorized, "\(key): \(response.status)")
                    }
                }
            }
        }
    }
}
