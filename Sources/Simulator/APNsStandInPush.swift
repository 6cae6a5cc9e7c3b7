import Foundation

/// One request the APNs stand-in received and what it answered, recorded for tests and handed to the
/// device handler when the answer was 200.
///
/// It holds the request exactly as it arrived (header names lower-cased, body bytes untouched) so tests can
/// assert the wire format rather than a parsed impression of it.
public struct APNsStandInPush: Sendable, Hashable {
    public var method: String
    public var path: String
    /// The token from the path, decoded from hex; `nil` when the path held no valid hex token.
    public var token: [UInt8]?
    /// Request headers, names lower-cased. HTTP/2 pseudo-headers are not included.
    public var headers: [String: String]
    public var body: [UInt8]
    /// The `mdm` string from a `{"mdm": "..."}` body, when the body was one.
    public var pushMagic: String?
    /// The UID topic of the client certificate the connection presented.
    public var clientCertificateTopic: String?
    /// True when the request came over HTTP/2, as APNs requires.
    public var overHTTP2: Bool
    public var receivedAt: Date
    /// The status the stand-in answered.
    public var status: Int
    /// The `reason` of the error body, for non-200 answers.
    public var reason: String?
    /// The `apns-id` answered.
    public var apnsID: String

    public var wasDelivered: Bool { status == 200 }
}
