/// What went wrong on the relay link, said so that an operator knows what to fix.
public enum RelayError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A key pin that is not `sha256:` followed by the base64 of 32 bytes.
    case malformedPin(String)
    /// The relay identity file cannot be read or holds no usable key.
    case identity(String)
    /// No core is connected (or every connected core is draining): devices get 503.
    case noCoreConnected
    /// The core did not answer within the relay timeout.
    case timedOut
    /// The core's answer broke the relay's limits or framing.
    case malformedResponse(String)
    /// The connection to the core ended before the answer was complete.
    case linkClosed

    public var description: String {
        switch self {
        case .malformedPin(let text): "'\(text)' is not a relay key; it must look like sha256:<base64 of 32 bytes>, as `palisade relay identity` prints"
        case .identity(let detail): "relay identity: \(detail)"
        case .noCoreConnected: "no core is connected to this edge"
        case .timedOut: "the core did not answer in time"
        case .malformedResponse(let detail): "the core's answer was refused: \(detail)"
        case .linkClosed: "the connection to the core closed before it answered"
        }
    }
}
