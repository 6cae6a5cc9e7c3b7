import Foundation
import Synchronization

/// What the edge holds: the pure `Inspector` plus the state its stateful rules need — per-source and per-device
/// rate limiters and the commands handed to each device — behind one lock, so one gate serves every connection.
///
/// Order per request: the source's rate limit first (a flood is turned away before its body is parsed), then the
/// pure inspection (which also judges a signed message's freshness from its signing time), then — for a request
/// that passes — the device's rate limit, which a result answering a command the edge handed that device does not
/// pay. Time is the request's `receivedAt`, so nothing here waits for a clock.
public final class InspectionGate: Sendable {
    struct State: Sendable {
        var sources: RateLimiter
        var devices: RateLimiter
        var outstanding: OutstandingCommands
    }

    public let inspector: Inspector
    private let state: Mutex<State>

    public init(policy: InspectionPolicy = .standard) {
        inspector = Inspector(policy: policy)
        state = Mutex(State(
            sources: RateLimiter(limit: policy.sourceRate, maximumKeys: policy.maximumRateKeys),
            devices: RateLimiter(limit: policy.deviceRate, maximumKeys: policy.maximumRateKeys),
            outstanding: OutstandingCommands(perDevice: policy.maximumOutstandingCommandsPerDevice, maximumDevices: policy.maximumRateKeys)
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
        guard let device = subject.deviceKey else { return verdict }
        let allowed = state.withLock { state in
            if Self.answersACommand(subject), let command = subject.commandUUID, state.outstanding.answer(command, from: device) {
                return true
            }
            return state.devices.allow(device, now: now)
        }
        return allowed ? verdict : verdict.adding([InspectionFinding(.rateDevice)], policy: policy)
    }

    /// Notes that the edge handed `commandUUID` to `device` (the request's `deviceKey`), so that the device's result
    /// for it is not charged to its rate. Call it only for a command that actually left for the device.
    public func handed(commandUUID: String?, to device: String?, now: Date) {
        guard let commandUUID, let device else { return }
        state.withLock { $0.outstanding.handed(commandUUID, to: device, now: now) }
    }

    /// A connect request reporting a result (not Idle) for a named command.
    static func answersACommand(_ subject: InspectionSubject) -> Bool {
        subject.endpoint == .connect && subject.commandUUID != nil && subject.messageKind != nil && subject.messageKind != "Idle"
    }

    /// Responses need no state: the same as `inspector.inspect(_:for:)`.
    public func inspect(_ response: InspectedResponse, for endpoint: DeviceEndpoint) -> InspectionVerdict {
        inspector.inspect(response, for: endpoint)
    }
}
