/// Why the APNs stand-in could not be built or started.
public enum APNsStandInError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The server certificate could not be generated, or the given one could not be handed to TLS.
    case identityUnusable(String)
    /// A client trust root could not be handed to TLS.
    case trustRootUnusable(String)
    /// The listener did not come up (port in use, address not local, TLS setup refused).
    case couldNotStart(String)
    /// `start()` was called on a stand-in that is already running.
    case alreadyRunning

    public var description: String {
        switch self {
        case .identityUnusable(let detail): "APNs stand-in server identity unusable: \(detail)"
        case .trustRootUnusable(let detail): "APNs stand-in client trust root unusable: \(detail)"
        case .couldNotStart(let detail): "APNs stand-in could not start: \(detail)"
        case .alreadyRunning: "APNs stand-in is already running"
        }
    }
}
