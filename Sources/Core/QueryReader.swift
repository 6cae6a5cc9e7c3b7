import Foundation
import Hummingbird
import PalisadeCore

/// The query string of one request, read strictly: a parameter the route does not know, or one given twice, is
/// an error, so a misspelt filter never silently returns the whole fleet.
struct QueryReader {
    private let values: [String: String]

    init(_ request: Request, allowed: Set<String>) throws {
        var values: [String: String] = [:]
        for (name, value) in request.uri.queryParameters {
            let name = String(name)
            guard allowed.contains(name) else {
                let known = allowed.isEmpty ? "none" : allowed.sorted().joined(separator: ", ")
                throw APIError.invalid("unknown query parameter '\(APIError.excerpt(name))'; this route takes: \(known)")
            }
            guard values[name] == nil else { throw APIError.invalid("query parameter '\(APIError.excerpt(name))' is given more than once") }
            values[name] = String(value)
        }
        self.values = values
    }

    /// Names of the paging parameters every listing takes.
    static let paging: Set<String> = ["limit", "cursor"]

    func string(_ name: String, maximumLength: Int = 256) throws -> String? {
        guard let value = values[name] else { return nil }
        guard !value.isEmpty, value.count <= maximumLength else {
            throw APIError.invalid("query parameter '\(name)' must be 1 to \(maximumLength) characters")
        }
        return value
    }

    func choice<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type) throws -> T? where T.RawValue == String {
        guard let value = values[name] else { return nil }
        guard let parsed = T(rawValue: value) else {
            throw APIError.invalid("query parameter '\(name)' must be one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return parsed
    }

    func uuid(_ name: String) throws -> UUID? {
        guard let value = values[name] else { return nil }
        guard let id = UUID(uuidString: value) else { throw APIError.invalid("query parameter '\(name)' must be a UUID") }
        return id
    }

    func date(_ name: String) throws -> Date? {
        guard let value = values[name] else { return nil }
        guard let date = ISO8601.parse(value) else {
            throw APIError.invalid("query parameter '\(name)' must be an ISO 8601 date-time such as 2026-11-26T09:00:00Z")
        }
        return date
    }

    func page() throws -> PageRequest {
        var limit = PageRequest.defaultLimit
        if let text = values["limit"] {
            guard let number = Int(text), (1...PageRequest.maximumLimit).contains(number) else {
                throw APIError.invalid("limit must be an integer from 1 to \(PageRequest.maximumLimit)")
            }
            limit = number
        }
        let cursor = try string("cursor", maximumLength: 512)
        return PageRequest(limit: limit, cursor: cursor)
    }
}
