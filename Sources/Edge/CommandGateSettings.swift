import Foundation
import PalisadeCore
import PKI

/// What the edge's command gate trusts and enforces, resolved from the `approvals` section of its configuration
/// file. The default trusts no key, so every command that needs approval is refused: an edge set up without the
/// administrators' keys fails closed rather than letting a breached core erase devices.
public struct CommandGateSettings: Sendable {
    /// The administrators' public keys, the edge's own copy (never fetched from a core).
    public var trustedKeys: [ApprovalQuorum.TrustedKey]
    /// Which commands need how many approvers.
    public var policy: ApprovalPolicy
    /// More than `wipeLimit` erases within `wipeWindow` trips the wipe breaker.
    public var wipeLimit: Int
    public var wipeWindow: TimeInterval
    /// Distinct approvers whose signatures release a tripped breaker.
    public var releaseQuorum: Int

    public init(
        trustedKeys: [ApprovalQuorum.TrustedKey] = [], policy: ApprovalPolicy = ApprovalPolicy(), wipeLimit: Int = 10,
        wipeWindow: TimeInterval = 20 * 60, releaseQuorum: Int = 2
    ) {
        self.trustedKeys = trustedKeys
        self.policy = policy
        self.wipeLimit = wipeLimit
        self.wipeWindow = wipeWindow
        self.releaseQuorum = releaseQuorum
    }

    /// What an operator should hear at start: a gate that can never reach its quorums refuses every sensitive
    /// command or can never be released, which is safe but is rarely what was meant.
    public var warnings: [String] {
        guard !trustedKeys.isEmpty else {
            return ["the edge trusts no administrator key (no approvals section in its configuration): it refuses every command "
                + "that needs approval (erase, lock, locate, lost mode, clear passcode, MDM profile removal); add the administrators "
                + "with 'palisade edge trust-admin'"]
        }
        let approvers = Set(trustedKeys.filter { $0.role >= .approver }.map(\.administrator)).count
        var warnings: [String] = []
        if let most = policy.requirements.values.max(), approvers < most {
            warnings.append("the edge trusts \(approvers) approver(s) but a command needs \(most): such commands are always refused")
        }
        if approvers < releaseQuorum {
            warnings.append("the edge trusts \(approvers) approver(s) but a wipe-breaker release needs \(releaseQuorum): a tripped breaker cannot be released")
        }
        return warnings
    }
}
