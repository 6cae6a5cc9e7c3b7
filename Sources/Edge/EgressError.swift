/// Why an egress allow-list entry or a CONNECT request was refused.
public enum EgressError: Error, Sendable, Equatable, CustomStringConvertible {
    case badEntry(String, String)
    case malformedRequest(String)
    case notAllowed(host: String, port: Int)

    public var description: String {
        switch self {
        case .badEntry(let entry, let reason): "egress allow-list entry '\(entry)' \(reason)"
        case .malformedRequest(let reason): "malformed CONNECT request: \(reason)"
        case .notAllowed(let host, let port): "\(host):\(port) is not on the egress allow-list"
        }
    }
}
