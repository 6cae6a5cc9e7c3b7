import AppleMDM
import Foundation
import PalisadeCore
import PKI
import Synchronization

/// The last check before a command reaches a device: a command the approval policy names goes out only with the
/// requester's and enough approvers' signatures over exactly this command, for exactly this device, verified with
/// the edge's own copy of the administrators' keys; and erases go out only while the wipe circuit breaker is closed.
/// A core that is breached can queue anything, but cannot sign.
///
/// Everything here is synchronous and decided under one lock; the signatures themselves are judged by the pure
/// `ApprovalQuorum` and the breaker by the pure `WipeCircuitBreaker`. What the gate adds is memory: which approved
/// commands a device has finished (after which a re-delivery is a replay), and which erases the breaker has counted.
public final class CommandGate: Sendable {
    public enum Decision: Sendable, Equatable {
        /// Send the core's answer to the device as it is.
        case pass
        /// Withhold it: the approval is missing or does not hold.
        case refuse(ApprovalQuorum.Refusal)
        /// Withhold it: an approved erase, but the wipe breaker tripped at this time and has not been released.
        case hold(trippedAt: Int64)
    }

    /// What applying one signed release did.
    public enum ReleaseOutcome: Sendable, Equatable {
        case released(trippedAt: Int64)
        /// Left aside: for another trip than the current one, or not valid (why).
        case ignored(WipeBreakerRelease, reason: String)
    }

    /// Device reports after which a command is done: a later delivery of it is a replay. `NotNow` is not one — the
    /// device will be sent the command again, under the same approval.
    static let finishedStatuses: Set<String> = [
        CommandResultStatus.acknowledged.rawValue, CommandResultStatus.error.rawValue, CommandResultStatus.commandFormatError.rawValue,
    ]

    struct State: Sendable {
        var quorum: ApprovalQuorum
        var breaker: WipeCircuitBreaker
        /// Approved commands sent and not yet reported finished: command UUID → (device, approval's expiry).
        var outstanding: [String: (target: String, expiresAt: Int64)] = [:]
        /// Approved commands the device reported finished, until their approval expires (after which it refuses
        /// them as expired anyway): command UUID → expiry.
        var finished: [String: Int64] = [:]
        /// Erases the breaker has counted, so a re-delivery is not counted again: command UUID → expiry.
        var countedWipes: [String: Int64] = [:]

        mutating func forgetExpired(_ seconds: Int64) {
            outstanding = outstanding.filter { $0.value.expiresAt > seconds }
            finished = finished.filter { $0.value > seconds }
            countedWipes = countedWipes.filter { $0.value > seconds }
        }
    }

    public let policy: ApprovalPolicy
    public let releaseQuorum: Int
    public let responseLimits: PropertyListLimits
    private let state: Mutex<State>

    public init(settings: CommandGateSettings, responseLimits: PropertyListLimits) {
        policy = settings.policy
        releaseQuorum = settings.releaseQuorum
        self.responseLimits = responseLimits
        state = Mutex(State(
            quorum: ApprovalQuorum(keys: settings.trustedKeys),
            breaker: WipeCircuitBreaker(limit: settings.wipeLimit, window: settings.wipeWindow)
        ))
    }

    /// Swaps the keys the gate trusts: for `palisade up`, where the edge shares the core's machine and reads the
    /// administrators' keys from its database. A standalone edge never calls it; its keys come from its file.
    public func replaceTrustedKeys(_ keys: [ApprovalQuorum.TrustedKey]) {
        state.withLock { $0.quorum = ApprovalQuorum(keys: keys) }
    }

    /// Where `palisade up`'s edge reads the registered keys again when an approval names a key it does not know yet
    /// (registered since its last periodic read), at most once per `minimumInterval`. A standalone edge has none.
    public struct KeySource: Sendable {
        public var read: @Sendable () async throws -> [ApprovalQuorum.TrustedKey]
        public var minimumInterval: Duration

        public init(minimumInterval: Duration = .seconds(1), read: @escaping @Sendable () async throws -> [ApprovalQuorum.TrustedKey]) {
            self.read = read
            self.minimumInterval = minimumInterval
        }
    }

    private let keySource = Mutex<(source: KeySource, lastRead: ContinuousClock.Instant?)?>(nil)

    public func readKeysOnDemand(from source: KeySource) {
        keySource.withLock { $0 = (source, nil) }
    }

    /// Reads the keys again from the key source when `approval` is signed by a key the gate does not know and the
    /// last such read was long enough ago. Whether it read them: only then is deciding again worth it.
    public func refreshKeys(forUnknownSignersOf approval: String?) async throws -> Bool {
        guard let approval, let signed = SignedApproval(headerValue: approval) else { return false }
        let fingerprints = [signed.requesterSignature.keyFingerprint] + signed.approverSignatures.map(\.keyFingerprint)
        let known = state.withLock { state in fingerprints.allSatisfy { state.quorum.keys[$0] != nil } }
        guard !known else { return false }
        let now = ContinuousClock.now
        let source: KeySource? = keySource.withLock { entry in
            guard let current = entry else { return nil }
            if let last = current.lastRead, last.duration(to: now) < current.source.minimumInterval { return nil }
            entry = (current.source, now)
            return current.source
        }
        guard let source else { return false }
        replaceTrustedKeys(try await source.read())
        return true
    }

    /// When the wipe breaker tripped, or `nil` while it is closed.
    public var wipeBreakerTrippedAt: Int64? { state.withLock { $0.breaker.trippedAt } }

    /// Decides one 200 answer on the connect endpoint before the device sees it.
    /// - Parameters:
    ///   - body: the exact bytes the device would receive; empty (no command) always passes.
    ///   - command: `body` as read by `GatedCommand(body:limits:)`, `nil` when it is not a readable command.
    ///   - approval: the value of `RelayRoutes.approvalHeader`, if the core sent one.
    ///   - deviceKey: the enrolment id the device's request named (the request verdict's `deviceKey`).
    ///   - userChannel: whether that request came on a user channel. Sensitive commands act on the whole device and
    ///     approvals name the device, so one sent on a user channel is refused as re-targeted.
    public func decide(
        body: Data, command: GatedCommand?, approval: String?, deviceKey: String?, userChannel: Bool, now: Date
    ) -> Decision {
        guard !body.isEmpty else { return .pass }
        guard let command else { return .refuse(.malformed) }
        guard let required = policy.required(
            requestType: command.requestType, removedProfile: command.removedProfile, carriesUnlockToken: command.carriesUnlockToken
        ) else { return .pass }
        let signed: SignedApproval?
        switch approval {
        case nil: signed = nil
        case let value?:
            guard let decoded = SignedApproval(headerValue: value) else { return .refuse(.malformed) }
            signed = decoded
        }
        guard let deviceKey, !userChannel else { return .refuse(.retargeted) }
        let delivery = ApprovalQuorum.Delivery(
            commandUUID: command.commandUUID, requestType: command.requestType, target: deviceKey, payload: Array(body)
        )
        let seconds = Int64(now.timeIntervalSince1970)
        return state.withLock { state in
            state.forgetExpired(seconds)
            let delivered: Set<String> = state.finished[command.commandUUID] == nil ? [] : [command.commandUUID]
            if case .failure(let refusal) = state.quorum.judge(signed, for: delivery, required: required, now: now, delivered: delivered) {
                return .refuse(refusal)
            }
            // A pass above means `signed` is there and describes this command.
            let expiresAt = signed?.statement.expiresAt ?? seconds
            if ApprovalPolicy.isWipe(command.requestType), state.countedWipes[command.commandUUID] == nil {
                if case .hold(let trippedAt) = state.breaker.admit(at: now) { return .hold(trippedAt: trippedAt) }
                state.countedWipes[command.commandUUID] = expiresAt
            }
            state.outstanding[command.commandUUID] = (deviceKey, expiresAt)
            return .pass
        }
    }

    /// Notes a device's report on the connect endpoint: once the device that an approved command was for says it
    /// finished it, the approval is spent. Reports from another device, or of commands the gate did not pass, change
    /// nothing, so a device cannot spend another's approval.
    public func observe(status: String?, commandUUID: String?, deviceKey: String?, userChannel: Bool, now: Date) {
        guard let status, Self.finishedStatuses.contains(status), let commandUUID, let deviceKey, !userChannel else { return }
        state.withLock { state in
            state.forgetExpired(Int64(now.timeIntervalSince1970))
            guard let sent = state.outstanding[commandUUID], sent.target == deviceKey else { return }
            state.outstanding[commandUUID] = nil
            state.finished[commandUUID] = sent.expiresAt
        }
    }

    /// Applies the signed releases a core carried: the one for the current trip that validates closes the breaker;
    /// the rest are reported as ignored. Nothing happens while the breaker is closed.
    public func apply(_ list: WipeBreakerReleaseList, now: Date) -> [ReleaseOutcome] {
        state.withLock { state in
            var outcomes: [ReleaseOutcome] = []
            for release in list.releases {
                guard let trippedAt = state.breaker.trippedAt else { break }
                guard release.trippedAt == trippedAt else {
                    outcomes.append(.ignored(release, reason: "for another trip than the current one (\(trippedAt))"))
                    continue
                }
                let result = state.breaker.release(
                    expiresAt: Date(timeIntervalSince1970: TimeInterval(release.expiresAt)), signatures: release.signatures,
                    quorum: state.quorum, required: releaseQuorum, now: now
                )
                switch result {
                case .success: outcomes.append(.released(trippedAt: trippedAt))
                case .failure(let refusal): outcomes.append(.ignored(release, reason: refusal.description))
                }
            }
            return outcomes
        }
    }
}
