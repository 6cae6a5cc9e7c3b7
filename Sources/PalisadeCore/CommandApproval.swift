import Foundation

/// A sensitive command's approval as the core keeps it while administrators sign: the statement they sign, the
/// exact command the device will receive (sealed, as it may hold an unlock token), and the signatures so far.
///
/// The core only collects signatures; it cannot make them, and the edge checks them again with its own copy of
/// the administrators' keys before the command reaches the device.
public struct CommandApproval: Sendable, Hashable {
    /// One administrator's signature over the statement.
    public struct Signature: Codable, Sendable, Hashable {
        public var administratorID: UUID
        public var keyFingerprint: String
        public var signature: [UInt8]
        /// The requester's own signature, rather than an approver's.
        public var byRequester: Bool
        public var signedAt: Date

        public init(administratorID: UUID, keyFingerprint: String, signature: [UInt8], byRequester: Bool, signedAt: Date) {
            self.administratorID = administratorID
            self.keyFingerprint = keyFingerprint
            self.signature = signature
            self.byRequester = byRequester
            self.signedAt = signedAt
        }
    }

    public var commandID: UUID
    public var deviceID: DeviceID
    public var requestType: String
    /// The device's enrolment identifier, as the statement names it.
    public var target: String
    public var requester: UUID
    /// The statement's JSON, as the core made it at request time.
    public var statement: Data
    /// The command's wire bytes, sealed with the key-encryption key under `CommandApproval.sealedName(commandID)`.
    public var sealedPayload: Data
    /// Approvers needed, besides the requester.
    public var required: Int
    public var signatures: [Signature]
    public var createdAt: Date
    public var expiresAt: Date
    /// When the quorum was reached and the command queued.
    public var approvedAt: Date?

    public init(
        commandID: UUID, deviceID: DeviceID, requestType: String, target: String, requester: UUID, statement: Data, sealedPayload: Data,
        required: Int, signatures: [Signature] = [], createdAt: Date, expiresAt: Date, approvedAt: Date? = nil
    ) {
        self.commandID = commandID
        self.deviceID = deviceID
        self.requestType = requestType
        self.target = target
        self.requester = requester
        self.statement = statement
        self.sealedPayload = sealedPayload
        self.required = required
        self.signatures = signatures
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.approvedAt = approvedAt
    }

    /// The name the wire bytes are sealed under, so a sealed payload cannot be moved to another command. The row
    /// part is the id as the approvals table keys it, so that key rotation finds the same name.
    public static func sealedName(_ commandID: UUID) -> String { SealedItem.approvalCommand.sealedName(forRow: commandID.uuidString) }

    /// Distinct approvers (not the requester) who have signed.
    public var approverCount: Int { Set(signatures.filter { !$0.byRequester }.map(\.administratorID)).count }
    public var requesterSigned: Bool { signatures.contains(where: \.byRequester) }
}
