/// The device-facing endpoints a core serves, and the only requests the edge lets through.
///
/// Matching is exact on the path as sent: no trailing slash, no `//`, no dot segments, no percent-encoding.
public enum DeviceEndpoint: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// `GET /enroll/<invitation>`: the enrolment profile for one invitation.
    case enroll
    /// `GET /scep?operation=…` and `POST /scep?operation=PKIOperation`.
    case scep
    /// `PUT /mdm/checkin`: Authenticate, TokenUpdate, CheckOut and the other check-in messages.
    case checkin
    /// `PUT /mdm/connect`: Idle and command results; the answer is the next command.
    case connect
    /// `GET /pki/ca.pem`.
    case caCertificate
    /// `GET /pki/ca.crl`.
    case revocationList
    /// `GET /health`.
    case health

    public var description: String { rawValue }

    /// The methods the endpoint answers.
    public var allowedMethods: Set<String> {
        switch self {
        case .scep: ["GET", "POST"]
        case .checkin, .connect: ["PUT"]
        case .enroll, .caCertificate, .revocationList, .health: ["GET"]
        }
    }

    /// Query parameters the endpoint reads; any other one is suspicious.
    var allowedQueryNames: Set<String> {
        switch self {
        case .scep: ["operation", "message"]
        case .enroll: ["unsigned"]
        default: []
        }
    }

    /// The endpoint whose path is exactly `path`, with the invitation identifier for `/enroll/…`.
    public static func match(path: String) -> (endpoint: DeviceEndpoint, invitation: String?)? {
        switch path {
        case "/scep": return (.scep, nil)
        case "/mdm/checkin": return (.checkin, nil)
        case "/mdm/connect": return (.connect, nil)
        case "/pki/ca.pem": return (.caCertificate, nil)
        case "/pki/ca.crl": return (.revocationList, nil)
        case "/health": return (.health, nil)
        default:
            let prefix = "/enroll/"
            guard path.hasPrefix(prefix) else { return nil }
            return (.enroll, String(path.dropFirst(prefix.count)))
        }
    }
}
