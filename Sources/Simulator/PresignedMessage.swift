import Foundation

/// A device message signed once, to be sent as it is as often as the server still finds its signing time fresh.
/// A load generator sends these so that its own cost per connect is an HTTP request, not an RSA signature: the
/// bytes are exactly what the device would send, only the moment of signing moves ahead.
public struct PresignedMessage: Sendable {
    /// Where the device sends it: the `ServerURL` of its enrolment profile.
    public var url: String
    /// The XML property list.
    public var body: Data
    /// The `Mdm-Signature` header value for `body`.
    public var signatureHeader: String
}
