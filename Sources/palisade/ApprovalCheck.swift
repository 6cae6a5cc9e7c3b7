import Crypto
import Foundation
import PalisadeCore
import PKI

/// What `palisade approve` checks before signing.
enum ApprovalCheck {
    /// The statement from the server's answer, refused unless it names this command, is unexpired, and (where
    /// the command bytes are shown) hashes to them.
    static func statement(in value: JSONValue, id: String, now: Date = Date()) throws -> ApprovalStatement {
        guard let fields = value["statement"], let statement = try? JSONDecoder().decode(ApprovalStatement.self, from: fields.encoded()) else {
            throw CLIError("the server's answer has no readable statement; not signing")
        }
        guard statement.commandUUID == id.lowercased() else { throw CLIError("the statement is for command \(statement.commandUUID), not \(id); not signing") }
        guard statement.expiresAt > Int64(now.timeIntervalSince1970) else { throw CLIError("the approval for \(id) has expired; not signing") }
        guard statement.canonicalBytes != nil else { throw CLIError("the statement has a line break in a field; not signing") }
        if let wire = value["wirePayload"]?.stringValue {
            guard let bytes = Data(base64Encoded: wire), ApprovalStatement.digest([UInt8](bytes)) == statement.payloadSHA256 else {
                throw CLIError("the command bytes shown do not hash to the statement's payload-sha256; not signing")
            }
        }
        return statement
    }

    static func describe(_ statement: ApprovalStatement, value: JSONValue) -> String {
        var lines = [String(decoding: statement.canonicalBytes ?? [], as: UTF8.self)]
        lines.append("expires: \(Date(timeIntervalSince1970: TimeInterval(statement.expiresAt)))")
        lines.append("device: \(value["deviceId"]?.stringValue ?? "?")")
        if let wire = value["wirePayload"]?.stringValue, let bytes = Data(base64Encoded: wire) {
            lines.append("command as the device will receive it (hash checked):\n" + String(decoding: bytes, as: UTF8.self))
        } else {
            lines.append("payload (the command bytes hold the device's unlock token and are not shown): "
                + String(decoding: (value["payload"] ?? .object([:])).encoded(), as: UTF8.self))
        }
        return lines.joined(separator: "\n")
    }
}
