import AppleMDM
import Foundation
import PalisadeCore
import PKI

/// Holds sensitive commands until administrators have signed them, and hands the edge what it checks.
///
/// At request time the command's exact wire bytes are made and sealed (a ClearPasscode's unlock token is in them),
/// and the statement approvers sign names their SHA-256. The core checks each signature with the keys registered
/// here only to give signers a quick answer and to know when to queue the command; the edge checks them all again
/// with its own copy, so writing to this database does not get a command past it.
public struct CommandApprovals: Sendable {
    let storage: any PalisadeStorage
    let keyEncryptionKey: ReloadingKeyRing
    public let policy: ApprovalPolicy
    /// How long approvers have; an approved command must also reach the device within it.
    public let validity: TimeInterval

    public init(storage: any PalisadeStorage, keyEncryptionKey: ReloadingKeyRing, policy: ApprovalPolicy, validity: TimeInterval) {
        self.storage = storage
        self.keyEncryptionKey = keyEncryptionKey
        self.policy = policy
        self.validity = validity
    }

    /// Why a command could not be held for approval or signed, for the administrator.
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case notEnrolled(DeviceID)
        case noUnlockToken(DeviceID)
        case noRequester
        case payload(String)
        case unknownKey(String)
        case notYourKey(String)
        case notAnApprover
        case badSignature
        case expired

        public var description: String {
            switch self {
            case .notEnrolled(let id): "device \(id) has no Apple enrolment; a sensitive command is approved for one enrolled device"
            case .noUnlockToken(let id): "device \(id) has not sent an unlock token, so its passcode cannot be cleared"
            case .noRequester: "sensitive commands must be requested with an administrator's own token"
            case .payload(let detail): detail
            case .unknownKey(let fingerprint): "no registered key has fingerprint \(fingerprint); register it with palisade admin add-key"
            case .notYourKey(let fingerprint): "key \(fingerprint) belongs to another administrator; sign with your own key"
            case .notAnApprover: "only the requester and administrators with the approver or admin role may sign"
            case .badSignature: "the signature does not verify over this approval's statement"
            case .expired: "this approval has expired; request the command again"
            }
        }
    }

    /// Turns a command that needs approval into one waiting for it, with the approval that holds its wire bytes.
    public func hold(_ command: Command, required: Int, requester: UUID, now: Date) async throws -> (Command, CommandApproval) {
        guard let enrollment = try await storage.appleEnrollments(of: command.deviceID).first(where: { $0.checkedOutAt == nil }) else {
            throw Problem.notEnrolled(command.deviceID)
        }
        var payload = command.payload
        if command.requestType == "ClearPasscode", payload["UnlockToken"] == nil {
            guard let sealed = enrollment.sealedUnlockToken else { throw Problem.noUnlockToken(command.deviceID) }
            let token = try keyEncryptionKey.open(sealed, name: "unlock:" + enrollment.enrollmentID)
            var members = payload.objectValue ?? [:]
            members["UnlockToken"] = .string(token.base64EncodedString())
            payload = .object(members)
        }
        let wire: Data
        do {
            wire = try MDMCommand.fromAdminRequest(requestType: command.requestType, payload: payload, uuid: command.id).wireData()
        } catch {
            throw Problem.payload("payload for \(command.requestType): \(error)")
        }
        let deadline = min(command.expiresAt ?? now.addingTimeInterval(validity), now.addingTimeInterval(validity))
        let statement = ApprovalStatement(
            commandUUID: command.id.uuidString.lowercased(), requestType: command.requestType, target: enrollment.enrollmentID,
            payload: [UInt8](wire), expiresAt: deadline, requester: requester
        )
        var held = command
        held.state = .awaitingApproval
        // The statement's expiry in whole seconds, so the command never outlives its approval.
        held.expiresAt = Date(timeIntervalSince1970: TimeInterval(statement.expiresAt))
        let approval = CommandApproval(
            commandID: command.id, deviceID: command.deviceID, requestType: command.requestType, target: enrollment.enrollmentID,
            requester: requester, statement: try JSONEncoder().encode(statement),
            sealedPayload: try keyEncryptionKey.seal(wire, name: CommandApproval.sealedName(command.id)), required: required,
            createdAt: now, expiresAt: held.expiresAt!
        )
        return (held, approval)
    }

    /// Records `signature` by `signer` with the key `fingerprint`, after checking it with the registered key; the
    /// command is queued once the requester and `required` distinct approvers have signed.
    public func sign(
        _ commandID: UUID, by signer: Administrator, fingerprint: String, signature: [UInt8], now: Date
    ) async throws -> (CommandApproval, Command) {
        guard let approval = try await storage.approval(for: commandID) else {
            throw StoreError.notFound(kind: "approval", id: commandID.uuidString.lowercased())
        }
        guard approval.expiresAt > now else { throw Problem.expired }
        let statement = try Self.statement(of: approval)
        let key = try await registeredKey(fingerprint, of: signer)
        guard let bytes = statement.canonicalBytes,
              AdministratorSigningKey.verify(signature, over: bytes, algorithm: key.algorithm, spki: key.publicKey)
        else { throw Problem.badSignature }
        let byRequester = signer.id == approval.requester
        guard byRequester || signer.role >= .approver else { throw Problem.notAnApprover }
        let record = CommandApproval.Signature(
            administratorID: signer.id, keyFingerprint: fingerprint, signature: signature, byRequester: byRequester, signedAt: now
        )
        return try await storage.addSignature(record, to: commandID, at: now) { updated in
            updated.requesterSigned && updated.approverCount >= updated.required
        }
    }

    /// Records one approver's signature over the release of an open wipe circuit breaker trip.
    public func signRelease(_ trip: WipeBreakerTrip, by signer: Administrator, fingerprint: String, signature: [UInt8], now: Date) async throws -> WipeBreakerTrip {
        guard signer.role >= .approver else { throw Problem.notAnApprover }
        let key = try await registeredKey(fingerprint, of: signer)
        let statement = WipeBreakerRelease(trippedAt: trip.trippedAt, expiresAt: trip.releaseExpiresAt, signatures: []).statement
        guard AdministratorSigningKey.verify(signature, over: statement, algorithm: key.algorithm, spki: key.publicKey) else {
            throw Problem.badSignature
        }
        return try await storage.addReleaseSignature(
            CommandApproval.Signature(administratorID: signer.id, keyFingerprint: fingerprint, signature: signature, byRequester: false, signedAt: now),
            edge: trip.edge, trippedAt: trip.trippedAt
        )
    }

    /// What the device receives for an approved command, and the header the edge's gate reads; `nil` when the
    /// command has no approval (the edge then refuses it if it is sensitive).
    func delivery(of command: Command) async throws -> (body: Data, approvalHeader: String)? {
        guard let approval = try await storage.approval(for: command.id), approval.approvedAt != nil else { return nil }
        let body = try keyEncryptionKey.open(approval.sealedPayload, name: CommandApproval.sealedName(command.id))
        let requester = approval.signatures.first(where: \.byRequester)
        let signed = SignedApproval(
            statement: try Self.statement(of: approval),
            requesterSignature: ApprovalSignature(keyFingerprint: requester?.keyFingerprint ?? "", signature: requester?.signature ?? []),
            approverSignatures: approval.signatures.filter { !$0.byRequester }.map {
                ApprovalSignature(keyFingerprint: $0.keyFingerprint, signature: $0.signature)
            }
        )
        return (body, signed.headerValue)
    }

    static func statement(of approval: CommandApproval) throws -> ApprovalStatement {
        try JSONDecoder().decode(ApprovalStatement.self, from: approval.statement)
    }

    private func registeredKey(_ fingerprint: String, of signer: Administrator) async throws -> AdministratorKey {
        guard let key = try await storage.administratorKeys(of: nil).first(where: { $0.fingerprint == fingerprint }) else {
            throw Problem.unknownKey(fingerprint)
        }
        guard key.administratorID == signer.id else { throw Problem.notYourKey(fingerprint) }
        return key
    }
}
