import Foundation

/// One device to wake: its push token and the PushMagic it gave in its TokenUpdate.
///
/// The PushMagic is what proves to the device that the push came from its MDM server, so it is kept out
/// of `description` and never logged.
public struct PushTarget: Hashable, Sendable, CustomStringConvertible {
    public var token: PushToken
    /// The `PushMagic` string from the device's TokenUpdate; sent as `{"mdm":"<PushMagic>"}`.
    public var pushMagic: String
    /// An `apns-id` to send, so the push can be traced in Apple's logs; APNs assigns one when `nil`.
    public var apnsID: UUID?

    public init(token: PushToken, pushMagic: String, apnsID: UUID? = nil) {
        self.token = token
        self.pushMagic = pushMagic
        self.apnsID = apnsID
    }

    public var description: String { "PushTarget(token: \(token))" }
}
