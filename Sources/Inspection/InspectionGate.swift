import Foundation
import Synchronization

/// What the edge holds: the pure `Inspector` plus the state its stateful rules need — per-source and per-device
/// rate limiters and the replay guard — behind one lock, so one gate serves every connection.
///
/// Order per request: the source's rate limit first (a flood is turned away before its body is parsed), then the
/// pure inspection, then — for a request that passes — the device's rate limit and the replay check. Only
/// messages that pass are remembered for replay. Time is the request's `receivedAt`.
public final class InspectionGate: Sendable {
    struct State: Sendable {
        var sources: RateLimiter
        var devices: RateLimiter
        var replays: ReplayGuard
    }

    public let inspector: Inspector
    private let state: Mutex<State>

    public init(policy: InspectionPolicy = .standard) {
        inspector = Inspector(policy: policy)
        state = Mutex(State(
            sources: RateLimiter(limit: policy.sourceRate, maximumKeys: policy.maximumRateKeys),
            devices: RateLimiter(limit: policy.deviceRate, maximumKeys: policy.maximumRateKeys),
            replays: ReplayGuard(window: policy.replayWindow, maximumEntries: policy.maximumReplayEntries)
        ))
    }

    public var policy: InspectionPolicy { inspector.policy }

    /// Charges `source`'s rate limit alone, so a caller can turn a flood away before it reads the body; `nil` when the
    /// source may go on (then pass `sourceAdmitted: true` to `inspect`, which does not charge it again).
    public func admitSource(_ source: String, path: String, at now: Date) -> InspectionVerdict? {
        guard !state.withLock({ $0.sources.allow(source, now: now) }) else { return nil }
        let subject = InspectionSubject(endpoint: DeviceEndpoint.match(path: path)?.endpoint)
        return InspectionVerdict(findings: [InspectionFinding(.rateSource)], subject: subject, policy: policy)
    }

    public func inspect(_ request: InspectedRequest, sourceAdmitted: Bool = false) -> InspectionVerdict {
        let now = request.receivedAt
        if !sourceAdmitted, let refusal = admitSource(request.sourceAddress, path: request.path, at: now) { return refusal }
        let verdict = inspector.inspect(request)
        guard verdict.decision == .pass else { return verdict }
        let subject = verdict.subject
        let extra: [InspectionFinding] = state.withLock { state in
            var extra: [InspectionFinding] = []
            if let device = subject.deviceKey, !state.devices.allow(device, now: now) {
                extra.append(InspectionFinding(.rateDevice))
            }
            if let digest = subject.replayDigest, state.replays.isReplay(digest, at: now) {
                extra.append(InspectionFinding(.replay))
            }
            return extra
        }
        return extra.isEmpty ? verdict : verdict.adding(extra, policy: policy)
    }

    /// Responses need no state: the same as `inspector.inspect(_:for:)`.
    public func inspect(_ response: InspectedResponse, for endpoint: DeviceEndpoint) -> InspectionVerdict {
        inspector.inspect(response, for: endpoint)
    }
}
