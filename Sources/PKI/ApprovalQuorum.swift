import Foundation
import PalisadeCore

/// The command gate's decision on one sensitive command, made from the edge's own copy of the administrators'
/// public keys (never the core's): pure, so it is tested case by case and cannot be talked round.
public struct ApprovalQuorum: Sendable {
    /// A key the gate trusts, with whose it is and what that administrator may do.
    public struct TrustedKey: Sendable, Hashable {
        public var administrator: UUID
        public var role: Role
        public var algorithm: AdministratorKey.Algorithm
        public var spki: [UInt8]

        public init(administrator: UUID, role: Role, algorithm: AdministratorKey.Algorithm, spki: [UInt8]) {
            self.administrator = administrator
            self.role = role
            self.algorithm = algorithm
            self.spki = spki
        }

        public var fingerprint: String { AdministratorSigningKey.fingerprint(spki: spki) }
    }

    /// The command as the device would receive it.
    public struct Delivery: Sendable {
        public var commandUUID: String
        public var requestType: String
        public var target: String
        public var payload: [UInt8]

        public init(commandUUID: String, requestType: String, target: String, payload: [UInt8]) {
            self.commandUUID = commandUUID
            self.requestType = requestType
            self.target = target
            self.payload = payload
        }
    }

    public enum Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        case missing
        case malformed
        case altered(String)
        case retargeted
        case expired
        case forged(String)
        case underQuorum(have: Int, need: Int)
        case replayed

        public var description: String {
            switch self {
            case .missing: "no approval came with the command"
            case .malformed: "the approval cannot be read"
            case .altered(let field): "the command differs from what was approved (\(field))"
            case .retargeted: "the command is for another device than the one approved"
            case .expired: "the approval has expired"
            case .forged(let detail): "a signature does not verify: \(detail)"
            case .underQuorum(let have, let need): "\(have) of the \(need) approvals needed"
            case .replayed: "this command was already delivered under its approval"
            }
        }
    }

    /// Keys by fingerprint.
    public let keys: [String: TrustedKey]

    public init(keys: [TrustedKey]) {
        self.keys = Dictionary(keys.map { ($0.fingerprint, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Checks `approval` for `delivery`: the statement must describe exactly this command, for this device, with
    /// this payload, unexpired; the requester's signature and at least `required` approvers' signatures must verify
    /// with trusted keys, each approver a distinct administrator with the approver or admin role, none of them the
    /// requester; and the command must not have been delivered under an approval before (`delivered`).
    public func judge(
        _ approval: SignedApproval?, for delivery: Delivery, required: Int, now: Date, delivered: Set<String>
    ) -> Result<Void, Refusal> {
        guard let approval else { return .failure(.missing) }
        let statement = approval.statement
        guard let bytes = statement.canonicalBytes else { return .failure(.malformed) }
        guard statement.commandUUID == delivery.commandUUID else { return .failure(.altered("command UUID")) }
        guard statement.requestType == delivery.requestType else { return .failure(.altered("request type")) }
        guard statement.target == delivery.target else { return .failure(.retargeted) }
        guard statement.payloadSHA256 == ApprovalStatement.digest(delivery.payload) else { return .failure(.altered("payload")) }
        guard Int64(now.timeIntervalSince1970) < statement.expiresAt else { return .failure(.expired) }
        guard !delivered.contains(statement.commandUUID) else { return .failure(.replayed) }

        guard let requesterKey = keys[approval.requesterSignature.keyFingerprint],
              requesterKey.administrator.uuidString.lowercased() == statement.requester,
              verify(approval.requesterSignature, with: requesterKey, over: bytes)
        else { return .failure(.forged("the requester's")) }

        return approvers(of: bytes, signatures: approval.approverSignatures, excluding: requesterKey.administrator, required: required)
    }

    /// The distinct administrators with the approver or admin role whose signatures over `bytes` verify, when
    /// there are at least `required`; any signature that does not verify, or by an unknown key, is a forgery.
    /// Four eyes: `excluding` (the requester) and a second key of one approver count for nothing.
    public func approvers(of bytes: [UInt8], signatures: [ApprovalSignature], excluding: UUID?, required: Int) -> Result<Void, Refusal> {
        var approvers: Set<UUID> = []
        for signature in signatures {
            guard let key = keys[signature.keyFingerprint], verify(signature, with: key, over: bytes) else {
                return .failure(.forged("an approver's (\(signature.keyFingerprint))"))
            }
            guard key.role >= .approver, key.administrator != excluding else { continue }
            approvers.insert(key.administrator)
        }
        guard approvers.count >= required else { return .failure(.underQuorum(have: approvers.count, need: required)) }
        return .success(())
    }

    private func verify(_ signature: ApprovalSignature, with key: TrustedKey, over bytes: [UInt8]) -> Bool {
        AdministratorSigningKey.verify(signature.signature, over: bytes, algorithm: key.algorithm, spki: key.spki)
    }
}
