import Foundation

/// One device request as the edge received it, before anything is relayed to a core.
///
/// `path` is the path exactly as sent (no percent-decoding, no normalising: a path that needs either is refused);
/// `query` is the raw text after `?` without the `?`. `receivedAt` is the edge's clock, so inspection itself never
/// reads one.
public struct InspectedRequest: Sendable, Hashable {
    public var method: String
    public var path: String
    public var query: String?
    public var headers: InspectedHeaders
    public var body: Data
    /// The peer address the TLS connection came from (IPv4 or IPv6 text), the key of the per-source rate limit.
    public var sourceAddress: String
    public var receivedAt: Date

    public init(
        method: String, path: String, query: String? = nil, headers: InspectedHeaders = [:], body: Data = Data(),
        sourceAddress: String, receivedAt: Date
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.sourceAddress = sourceAddress
        self.receivedAt = receivedAt
    }

    /// A request from a request target such as `/scep?operation=GetCACaps`.
    public init(
        method: String, target: String, headers: InspectedHeaders = [:], body: Data = Data(), sourceAddress: String,
        receivedAt: Date
    ) {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        self.init(
            method: method, path: String(parts[0]), query: parts.count > 1 ? String(parts[1]) : nil, headers: headers,
            body: body, sourceAddress: sourceAddress, receivedAt: receivedAt
        )
    }
}
