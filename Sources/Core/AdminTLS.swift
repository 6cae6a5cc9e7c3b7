/// How the admin API's listener speaks: the admin API carries tokens, approvals and the fleet's inventory, so a
/// core serves it over TLS unless told otherwise.
public enum AdminTLS: Sendable, Equatable {
    /// Plain HTTP: `palisade up` on loopback, and tests that run a core in their own process.
    case off
    /// A certificate Palisade's CA issues for loopback, the listener's host and these names. The CA is written to
    /// `palisade-ca.pem` in the data directory for administrators' machines to trust (`palisade … --ca-file`).
    case palisadeCA(hostnames: [String])
    /// A certificate chain and key from PEM files the organisation supplies (its own CA, or a public one).
    case files(certificate: String, privateKey: String)

    /// The default of `palisade core`: on, with Palisade's CA.
    public static let standard = AdminTLS.palisadeCA(hostnames: [])

    public var isOn: Bool { self != .off }
}
