import Foundation
import PKI

/// A private signing key read from its file, with the fingerprint the core and edges know it by.
struct SigningKeyFile {
    let pem: String
    let fingerprint: String

    init(path: String) throws {
        guard let pem = try? String(contentsOfFile: path, encoding: .utf8) else { throw CLIError("cannot read \(path)") }
        do {
            fingerprint = AdministratorSigningKey.fingerprint(spki: try AdministratorSigningKey.publicKey(ofPrivateKeyPEM: pem).spki)
        } catch {
            throw CLIError("\(path): \(error)")
        }
        self.pem = pem
    }

    func sign(_ statement: ApprovalStatement) throws -> [UInt8] {
        try ApprovalSignature.sign(statement, privateKeyPEM: pem, fingerprint: fingerprint).signature
    }

    func sign(bytes: [UInt8]) throws -> [UInt8] {
        try AdministratorSigningKey.sign(bytes, privateKeyPEM: pem).signature
    }
}
