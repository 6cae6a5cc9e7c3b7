/// Proof that APNs accepted a push (HTTP 200): what to record against the device.
///
/// Acceptance is all APNs promises; whether the device woke shows only when it checks in.
public struct PushReceipt: Hashable, Sendable {
    /// The `apns-id` APNs answered with, for tracing the push in Apple's tooling.
    public var apnsID: String
    /// How many requests it took, counting retries after 429 and 5xx answers.
    public var attempts: Int
    /// True when this target was merged into another request for the same token instead of sending its own.
    public var coalesced: Bool

    public init(apnsID: String, attempts: Int, coalesced: Bool) {
        self.apnsID = apnsID
        self.attempts = attempts
        self.coalesced = coalesced
    }
}
