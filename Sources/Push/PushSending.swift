/// Something that wakes Apple devices with MDM pushes.
///
/// The core depends on this rather than on `APNsSender`, so its tests can count pushes without a network
/// and decorators (rate limits, audit) can wrap the real sender.
public protocol PushSending: Sendable {
    /// Sends one push per distinct token; the result has one outcome per target, in order.
    func push(_ targets: [PushTarget]) async -> [PushOutcome]
}

extension PushSending {
    /// Sends a single push.
    public func push(_ target: PushTarget) async -> PushOutcome {
        let outcomes = await push([target])
        return outcomes.first ?? PushOutcome(target: target, result: .failure(.senderShutDown))
    }
}
