import Crypto
import Foundation
import PalisadeCore

/// What administrators sign to let one sensitive command reach one device: the command's UUID and request type,
/// the device it is for, the SHA-256 of the exact command payload the device will receive, an expiry, and who
/// asked. Any change to the command, its target or its payload makes every signature over it worthless.
public struct ApprovalStatement: Sendable, Hashable, Codable {
    public var commandUUID: String
    public var requestType: String
    /// The device's enrolment identifier (UDID, or EnrollmentID for user enrolment).
    public var target: String
    /// Lower-case hex SHA-256 of the command plist as delivered.
    public var payloadSHA256: String
    /// Whole seconds since 1970.
    public var expiresAt: Int64
    /// The requesting administrator's id, lower case.
    public var requester: String

    public init(commandUUID: String, requestType: String, target: String, payload: [UInt8], expiresAt: Date, requester: UUID) {
        self.commandUUID = commandUUID
        self.requestType = requestType
        self.target = target
        self.payloadSHA256 = Self.digest(payload)
        self.expiresAt = Int64(expiresAt.timeIntervalSince1970.rounded(.down))
        self.requester = requester.uuidString.lowercased()
    }

    public static func digest(_ payload: [UInt8]) -> String {
        Hex.encode(SHA256.hash(data: payload))
    }

    /// The exact bytes signed: a versioned header and one `name:value` line per field, in a fixed order. Values
    /// that could hold a line break are refused, so no two statements share an encoding.
    public var canonicalBytes: [UInt8]? {
        let fields = [commandUUID, requestType, target, payloadSHA256, String(expiresAt), requester]
        guard fields.allSatisfy({ !$0.isEmpty && !$0.contains("\n") && !$0.contains("\r") }) else { return nil }
        let text = "palisade-approval-v1\ncommand:\(commandUUID)\nrequest-type:\(requestType)\ntarget:\(target)\n"
            + "payload-sha256:\(payloadSHA256)\nexpires:\(expiresAt)\nrequester:\(requester)\n"
        return Array(text.utf8)
    }
}

/// One signature over an `ApprovalStatement`, naming the key that made it by fingerprint.
public struct ApprovalSignature: Sendable, Hashable, Codable {
    public var keyFingerprint: String
    public var signature: [UInt8]

    public init(keyFingerprint: String, signature: [UInt8]) {
        self.keyFingerprint = keyFingerprint
        self.signature = signature
    }

    /// Signs `statement` with a private key PEM on the administrator's machine.
    public static func sign(_ statement: ApprovalStatement, privateKeyPEM: String, fingerprint: String) throws -> ApprovalSignature {
        guard let bytes = statement.canonicalBytes else { throw AdministratorSigningKey.KeyError.unreadable("the statement has a line break in a field") }
        return ApprovalSignature(keyFingerprint: fingerprint, signature: try AdministratorSigningKey.sign(bytes, privateKeyPEM: privateKeyPEM).signature)
    }
}

/// A statement with the requester's signature and the approvers'.
public struct SignedApproval: Sendable, Hashable, Codable {
    public var statement: ApprovalStatement
    public var requesterSignature: ApprovalSignature
    public var approverSignatures: [ApprovalSignature]

    public init(statement: ApprovalStatement, requesterSignature: ApprovalSignature, approverSignatures: [ApprovalSignature]) {
        self.statement = statement
        self.requesterSignature = requesterSignature
        self.approverSignatures = approverSignatures
    }
}

extension SignedApproval {
    /// The value of `RelayRoutes.approvalHeader`: base64 of the JSON encoding.
    public var headerValue: String {
        // Encoding a struct of strings, numbers and byte arrays cannot fail.
        (try? JSONEncoder().encode(self))?.base64EncodedString() ?? ""
    }

    /// Reads a header value; `nil` for anything that is not one (the gate then refuses the command as malformed).
    public init?(headerValue: String) {
        guard headerValue.utf8.count <= 64 << 10, let data = Data(base64Encoded: headerValue),
              let decoded = try? JSONDecoder().decode(SignedApproval.self, from: data)
        else { return nil }
        self = decoded
    }
}
