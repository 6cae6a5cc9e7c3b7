import Foundation
import Hummingbird
import PalisadeCore

extension AdminAPI {
    @Sendable func listAuditEvents(_ request: Request, _ context: AdminContext) async throws -> Response {
        let query = try QueryReader(request, allowed: QueryReader.paging.union(["action", "actor", "target", "since", "until"]))
        var filter = AuditFilter(
            action: try query.string("action", maximumLength: 128), target: try query.string("target"),
            since: try query.date("since"), until: try query.date("until")
        )
        if let actor = try query.string("actor") {
            guard let parsed = AuditEvent.Actor(text: actor) else {
                throw APIError.invalid("query parameter 'actor' must be 'system', 'admin:<uuid>' or 'device:<uuid>'")
            }
            filter.actor = parsed
        }
        let page = try await storage.events(matching: filter, page: try query.page())
        return try json(ListResponse(items: page.items, nextCursor: page.nextCursor))
    }

    @Sendable func verifyAuditChain(_ request: Request, _ context: AdminContext) async throws -> Response {
        let query = try QueryReader(request, allowed: ["expect"])
        var expected: AuditChainHead?
        if let text = try query.string("expect") {
            guard let head = AuditChainHead(text) else { throw APIError.invalid("query parameter 'expect' must be SEQUENCE:HASH (64 lower-case hex digits)") }
            expected = head
        }
        return try json(try await storage.verifyAuditChain(expecting: expected))
    }
}
