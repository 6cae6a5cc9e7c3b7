import Crypto
import Foundation
import PalisadeCore

/// Administrators' signing keys: made on the administrator's machine, public half registered with the core (and,
/// out of band, with every edge), private half never leaving that machine. Ed25519 or P-256 (ECDSA with SHA-256).
public enum AdministratorSigningKey {
    /// Ed25519's SubjectPublicKeyInfo is this prefix and the 32-byte key (RFC 8410).
    static let ed25519PublicPrefix: [UInt8] = [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00]
    /// Ed25519's PKCS#8 private key is this prefix and the 32-byte seed (RFC 8410).
    static let ed25519PrivatePrefix: [UInt8] = [0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]

    public enum KeyError: Error, Equatable, CustomStringConvertible {
        case unreadable(String)

        public var description: String {
            switch self {
            case .unreadable(let detail): "not an Ed25519 or P-256 public key in PEM: \(detail)"
            }
        }
    }

    /// A fresh key pair: the private key as PKCS#8 PEM, the public key as SPKI PEM.
    public static func generate(_ algorithm: AdministratorKey.Algorithm) -> (privatePEM: String, publicPEM: String) {
        switch algorithm {
        case .ed25519:
            let key = Curve25519.Signing.PrivateKey()
            return (
                pem(ed25519PrivatePrefix + Array(key.rawRepresentation), label: "PRIVATE KEY"),
                publicKeyPEM(spki: ed25519PublicPrefix + Array(key.publicKey.rawRepresentation))
            )
        case .p256:
            let key = P256.Signing.PrivateKey()
            return (key.pemRepresentation + "\n", key.publicKey.pemRepresentation + "\n")
        }
    }

    /// Reads a `PUBLIC KEY` PEM: which algorithm, and the DER SubjectPublicKeyInfo, checked by loading the key.
    public static func parsePublicKey(pem text: String) throws(KeyError) -> (algorithm: AdministratorKey.Algorithm, spki: [UInt8]) {
        // Only the block itself: `palisade admin keygen` prints the fingerprint after it, and a file saved from that
        // output is what administrators register.
        let lines = text.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let begin = lines.firstIndex(of: "-----BEGIN PUBLIC KEY-----"),
              let end = lines[begin...].firstIndex(of: "-----END PUBLIC KEY-----"),
              let der = Data(base64Encoded: lines[(begin + 1)..<end].joined()).map([UInt8].init)
        else {
            throw .unreadable("expected -----BEGIN PUBLIC KEY----- and base64")
        }
        if der.count == ed25519PublicPrefix.count + 32, Array(der.prefix(ed25519PublicPrefix.count)) == ed25519PublicPrefix {
            guard (try? Curve25519.Signing.PublicKey(rawRepresentation: der.suffix(32))) != nil else { throw .unreadable("bad Ed25519 key") }
            return (.ed25519, der)
        }
        guard (try? P256.Signing.PublicKey(derRepresentation: der)) != nil else { throw .unreadable("neither Ed25519 nor a P-256 point") }
        return (.p256, der)
    }

    /// `sha256:<base64>` of the SubjectPublicKeyInfo.
    public static func fingerprint(spki: [UInt8]) -> String {
        "sha256:" + Data(SHA256.hash(data: spki)).base64EncodedString()
    }

    /// Signs `message` with a private key PEM made by `generate` (on the administrator's machine).
    public static func sign(_ message: [UInt8], privateKeyPEM text: String) throws(KeyError) -> (algorithm: AdministratorKey.Algorithm, signature: [UInt8]) {
        switch try privateKey(pem: text) {
        case .p256(let key):
            guard let signature = try? key.signature(for: message) else { throw .unreadable("cannot sign") }
            return (.p256, Array(signature.derRepresentation))
        case .ed25519(let key):
            guard let signature = try? key.signature(for: message) else { throw .unreadable("cannot sign") }
            return (.ed25519, Array(signature))
        }
    }

    /// The public half of a private key PEM, so a signing tool can name its key by fingerprint.
    public static func publicKey(ofPrivateKeyPEM text: String) throws(KeyError) -> (algorithm: AdministratorKey.Algorithm, spki: [UInt8]) {
        switch try privateKey(pem: text) {
        case .p256(let key): (.p256, Array(key.publicKey.derRepresentation))
        case .ed25519(let key): (.ed25519, ed25519PublicPrefix + Array(key.publicKey.rawRepresentation))
        }
    }

    private enum PrivateKey {
        case p256(P256.Signing.PrivateKey)
        case ed25519(Curve25519.Signing.PrivateKey)
    }

    private static func privateKey(pem text: String) throws(KeyError) -> PrivateKey {
        if let key = try? P256.Signing.PrivateKey(pemRepresentation: text) { return .p256(key) }
        let body = text.components(separatedBy: "\n").filter { !$0.hasPrefix("-----") }.joined()
        guard let der = Data(base64Encoded: body).map([UInt8].init), der.count == ed25519PrivatePrefix.count + 32,
              Array(der.prefix(ed25519PrivatePrefix.count)) == ed25519PrivatePrefix,
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: der.suffix(32))
        else { throw .unreadable("not an Ed25519 or P-256 private key in PEM") }
        return .ed25519(key)
    }

    /// Whether `signature` over `message` was made by the key `spki` of `algorithm`.
    public static func verify(_ signature: [UInt8], over message: [UInt8], algorithm: AdministratorKey.Algorithm, spki: [UInt8]) -> Bool {
        switch algorithm {
        case .ed25519:
            guard spki.count == ed25519PublicPrefix.count + 32, let key = try? Curve25519.Signing.PublicKey(rawRepresentation: spki.suffix(32)) else {
                return false
            }
            return key.isValidSignature(signature, for: message)
        case .p256:
            guard let key = try? P256.Signing.PublicKey(derRepresentation: spki),
                  let parsed = try? P256.Signing.ECDSASignature(derRepresentation: signature)
            else { return false }
            return key.isValidSignature(parsed, for: message)
        }
    }

    /// A SubjectPublicKeyInfo as `PUBLIC KEY` PEM, as `generate` writes it.
    public static func publicKeyPEM(spki: [UInt8]) -> String { pem(spki, label: "PUBLIC KEY") }

    static func pem(_ der: [UInt8], label: String) -> String {
        let base64 = Data(der).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        return "-----BEGIN \(label)-----\n\(base64)\n-----END \(label)-----\n"
    }
}
