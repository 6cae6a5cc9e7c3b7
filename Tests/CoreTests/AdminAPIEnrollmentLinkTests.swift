import Core
import Foundation
import Hummingbird
import PalisadeCore
import Testing

/// Multi-use enrolment links through the admin API: what a link is made with, who may see and revoke it.
@Suite struct AdminAPIEnrollmentLinkTests {
    static let nextMonth = Date.ISO8601FormatStyle().format(Date().addingTimeInterval(30 * 86_400))

    @Test func operatorsMakeListAndRevokeLinksAndViewersCannotSeeThem() async throws {
        try await AdminAPIHarness.run { h in
            let operatorToken = h.tokens[.operator]
            let created = try await h.call(.post, "/api/enrollment-links", json: """
                {"maximumUses": 200, "expiresAt": "\(Self.nextMonth)", "ownership": "personal"}
                """, token: operatorToken)
            #expect(created.status == .created)
            let link = try AdminAPIHarness.json(created)
            let id = try #require(link["id"]?.stringValue)
            #expect(link["url"] == .string("https://127.0.0.1:8443/enroll/\(id)"))
            #expect(link["state"] == .string("open") && link["uses"] == .number(0) && link["usesLeft"] == .number(200))
            #expect(link["maximumUses"] == .number(200) && link["downloads"] == .number(0) && link["ownership"] == .string("personal"))
            #expect(link["revokedAt"] == .null)

            for (method, path) in [(HTTPRequest.Method.get, "/api/enrollment-links"), (.get, "/api/enrollment-links/\(id)"),
                                   (.post, "/api/enrollment-links/\(id)/revoke")] {
                #expect(try await h.call(method, path, token: h.tokens[.viewer]).status == .forbidden, "a link's URL enrols devices")
            }
            #expect(try await h.call(.post, "/api/enrollment-links", json: #"{"maximumUses": 1, "expiresAt": "\#(Self.nextMonth)"}"#,
                                     token: h.tokens[.viewer]).status == .forbidden)
            let listed = try AdminAPIHarness.json(try await h.call(.get, "/api/enrollment-links", token: operatorToken))
            #expect(listed["items"]?.arrayValue?.map { $0["id"] } == [.string(id)])

            let revoked = try AdminAPIHarness.json(try await h.call(.post, "/api/enrollment-links/\(id)/revoke", token: operatorToken))
            #expect(revoked["state"] == .string("revoked") && revoked["revokedAt"] != .null)
            let shown = try AdminAPIHarness.json(try await h.call(.get, "/api/enrollment-links/\(id)", token: operatorToken))
            #expect(shown["state"] == .string("revoked"))
            #expect(try await h.call(.get, "/api/enrollment-links/AAAAAAAAAAAAAAAAAAAAAAAA").status == .notFound)
            #expect(try await h.call(.post, "/api/enrollment-links/AAAAAAAAAAAAAAAAAAAAAAAA/revoke").status == .notFound)

            let audit = try AdminAPIHarness.json(try await h.call(.get, "/api/audit-events?action=enrollment.link."))
            #expect(Set(audit["items"]?.arrayValue?.compactMap { $0["action"]?.stringValue } ?? []) == ["enrollment.link.create", "enrollment.link.revoke"])
        }
    }

    @Test func aLinkNeedsUsesInRangeAndAnExpiryWithinTheYear() async throws {
        try await AdminAPIHarness.run { h in
            let past = Date.ISO8601FormatStyle().format(Date().addingTimeInterval(-60))
            let tooFar = Date.ISO8601FormatStyle().format(Date().addingTimeInterval(400 * 86_400))
            let refused: [String] = [
                #"{"maximumUses": 0, "expiresAt": "\#(Self.nextMonth)"}"#,
                #"{"maximumUses": 10001, "expiresAt": "\#(Self.nextMonth)"}"#,
                #"{"maximumUses": 2.5, "expiresAt": "\#(Self.nextMonth)"}"#,
                #"{"maximumUses": 5, "expiresAt": "\#(past)"}"#,
                #"{"maximumUses": 5, "expiresAt": "\#(tooFar)"}"#,
                #"{"maximumUses": 5, "expiresAt": "next week"}"#,
                #"{"maximumUses": 5}"#,
                #"{"expiresAt": "\#(Self.nextMonth)"}"#,
                #"{"maximumUses": 5, "expiresAt": "\#(Self.nextMonth)", "platform": "android"}"#,
                #"{"maximumUses": 5, "expiresAt": "\#(Self.nextMonth)", "uses": 0}"#,
            ]
            for body in refused {
                let response = try await h.call(.post, "/api/enrollment-links", json: body)
                #expect(response.status == .badRequest, "\(body)")
            }
            let listed = try AdminAPIHarness.json(try await h.call(.get, "/api/enrollment-links"))
            #expect(listed["items"] == .array([]), "nothing refused was made")
        }
    }
}
