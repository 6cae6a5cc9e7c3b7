import AppleMDM
import Foundation

/// The edge's positive model of Apple's device protocols: pure, synchronous functions from a request or a
/// response to a verdict. Nothing here reads a clock, a file or the network (a signed message's freshness is judged
/// against the request's `receivedAt`); the stateful checks (rate limits, commands handed to each device) live in
/// `RateLimiter`, `OutstandingCommands` and `InspectionGate`, which feed their findings back through
/// `InspectionVerdict.adding(_:policy:)`.
///
/// Requests are held to: the endpoint allow-list (method and exact path), each endpoint's content type, size and
/// query, AppleMDM's `PropertyListGuard` (XML only, no DOCTYPE subset or entities, depth, keys and lengths), the
/// check-in message types and command-result statuses with the keys and types of Apple's schema (through
/// `CheckinMessage` and `CommandResultReport`), UDID and enrolment-id formats, and the presence, outer shape and signing time
/// of `Mdm-Signature`. Responses are held to what the protocol lets a server say: never 401, only the error statuses
/// a device understands, well-formed command plists and check-in replies.
public struct Inspector: Sendable {
    public var policy: InspectionPolicy

    /// Apple's header carrying the CMS signature over the body.
    public static let signatureHeader = "Mdm-Signature"
    /// Set by the edge's TLS layer when the device presented a client certificate; its presence alone excuses a
    /// missing `Mdm-Signature` (the core verifies the certificate). The edge must strip it from incoming requests.
    public static let clientCertificateHeader = "X-Palisade-Client-Certificate"

    public init(policy: InspectionPolicy = .standard) {
        self.policy = policy
    }

    public func inspect(_ request: InspectedRequest) -> InspectionVerdict {
        var subject = InspectionSubject()
        let findings = findings(for: request, subject: &subject)
        return InspectionVerdict(findings: findings, subject: subject, policy: policy)
    }

    func findings(for request: InspectedRequest, subject: inout InspectionSubject) -> [InspectionFinding] {
        guard let (endpoint, invitation) = DeviceEndpoint.match(path: request.path) else {
            return [InspectionFinding(.unknownPath)]
        }
        subject.endpoint = endpoint
        guard endpoint.allowedMethods.contains(request.method) else {
            return [InspectionFinding(.method, "\(endpoint.rawValue) accepts \(endpoint.allowedMethods.sorted().joined(separator: " or "))")]
        }

        var findings: [InspectionFinding] = []
        for name in ["Content-Type", "Content-Length", Self.signatureHeader, Self.clientCertificateHeader]
        where request.headers.count(of: name) > 1 {
            findings.append(InspectionFinding(.duplicateHeader, "\(name) given more than once"))
        }
        if let declared = request.headers["Content-Length"],
           Int(Self.trimmingWhitespace(declared[...])) != request.body.count {
            findings.append(InspectionFinding(.contentLengthMismatch))
        }

        guard let query = QueryParameters(request.query) else {
            return findings + [InspectionFinding(.malformedQuery)]
        }
        for name in query.repeatedNames.sorted() {
            findings.append(InspectionFinding(.duplicateQuery, "query parameter \(Self.safeName(name)) given more than once"))
        }
        let unexpected = Set(query.pairs.map(\.name)).subtracting(endpoint.allowedQueryNames)
        if !unexpected.isEmpty {
            findings.append(InspectionFinding(.unexpectedQuery, "\(endpoint.rawValue) reads no such query parameter"))
        }
        if request.method == "GET", !request.body.isEmpty {
            findings.append(InspectionFinding(.unexpectedBody))
        }

        switch endpoint {
        case .enroll:
            if let invitation, !Self.isInvitationID(invitation, maximumLength: policy.maximumInvitationLength) {
                findings.append(InspectionFinding(.invitationFormat))
            }
        case .scep:
            findings += scepFindings(request, query: query)
        case .checkin:
            findings += checkinFindings(request, subject: &subject)
        case .connect:
            findings += connectFindings(request, subject: &subject)
        case .caCertificate, .revocationList, .health:
            break
        }
        return findings
    }

    /// A name from the query, only when it is short and plain, so nothing an attacker wrote reaches a log line.
    static func safeName(_ name: String) -> String {
        name.utf8.count <= 32 && name.utf8.allSatisfy { (0x21...0x7E).contains($0) } ? name : "(unprintable)"
    }

    /// URL-safe base64: letters, digits, `-` and `_`, 1 to `maximumLength` of them.
    static func isInvitationID(_ text: String, maximumLength: Int) -> Bool {
        !text.isEmpty && text.utf8.count <= maximumLength && text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
                true
            default:
                false
            }
        }
    }

    /// The media type of a Content-Type value, lower-cased, without parameters.
    static func mediaType(_ value: String?) -> String? {
        guard let value else { return nil }
        return trimmingWhitespace(value[..<(value.firstIndex(of: ";") ?? value.endIndex)]).lowercased()
    }

    /// `text` without the leading and trailing characters of `CharacterSet.whitespaces`, as
    /// `trimmingCharacters(in:)` gives it. Header values are ASCII, where those are only space and tab, so they are
    /// trimmed without Foundation's detour through `NSString`, a measurable share of every request's inspection.
    static func trimmingWhitespace(_ text: Substring) -> String {
        let utf8 = text.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return text.trimmingCharacters(in: .whitespaces) }
        var start = utf8.startIndex
        var end = utf8.endIndex
        while start < end, utf8[start] == 0x20 || utf8[start] == 0x09 { start = utf8.index(after: start) }
        while end > start {
            let last = utf8.index(before: end)
            guard utf8[last] == 0x20 || utf8[last] == 0x09 else { break }
            end = last
        }
        return String(text[start..<end])
    }
}
