import Crypto
import Foundation
import PalisadeCore

/// The key that seals Palisade's secrets at rest (CA keys, push-certificate keys, unlock and bootstrap tokens).
///
/// It never enters the database: it lives in a file of its own (mode 0600) or an environment variable, so a copy
/// of the database alone reveals no secret. Sealing is AES-256-GCM with the secret's name as authenticated data,
/// so a sealed value cannot be swapped under another name.
public struct KeyEncryptionKey: Sendable {
    private let key: SymmetricKey
    /// First 8 bytes of SHA-256 of the key: names the key in sealed values without revealing it.
    private let identifierBytes: [UInt8]

    /// The identifier bytes as hex, for logs and key rotation.
    public var identifier: String { Hex.encode(identifierBytes) }

    /// Sealed values start with this version byte, then the 8-byte key identifier.
    private static let version: UInt8 = 1

    public init(rawKey: Data) throws {
        guard rawKey.count == 32 else { throw KeyEncryptionError.wrongKeyLength(rawKey.count) }
        self.init(key: SymmetricKey(data: rawKey))
    }

    private init(key: SymmetricKey) {
        self.key = key
        identifierBytes = key.withUnsafeBytes { Array(SHA256.hash(data: $0).prefix(8)) }
    }

    /// A key given as base64 text (for `PALISADE_KEK`).
    public init(base64: String) throws {
        guard let data = Data(base64Encoded: base64.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw KeyEncryptionError.notBase64
        }
        try self.init(rawKey: data)
    }

    /// A fresh random key.
    public static func generate() -> KeyEncryptionKey {
        KeyEncryptionKey(key: SymmetricKey(size: .bits256))
    }

    /// Reads the key file, or makes one with a fresh random key (mode 0600) if there is none.
    public static func loadOrCreate(at url: URL) throws -> KeyEncryptionKey {
        if FileManager.default.fileExists(atPath: url.path) { return try load(at: url) }
        let key = generate()
        try PrivateFile.create(url, contents: key.fileContents)
        return key
    }

    /// Reads a key file; refuses one that group or others may read, since the key opens every secret.
    public static func load(at url: URL) throws -> KeyEncryptionKey {
        guard FileManager.default.fileExists(atPath: url.path) else { throw KeyEncryptionError.missing(url.path) }
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        if let mode = attributes[.posixPermissions] as? NSNumber, mode.intValue & 0o077 != 0 {
            throw KeyEncryptionError.fileReadableByOthers(url.path)
        }
        return try KeyEncryptionKey(base64: String(decoding: try Data(contentsOf: url), as: UTF8.self))
    }

    /// What a key file holds: the key as base64 text on one line, the form `PALISADE_KEK` takes too.
    var fileContents: Data { Data((key.withUnsafeBytes { Data($0) }.base64EncodedString() + "\n").utf8) }

    /// The identifier of the key `sealed` was sealed with, or `nil` when it is not a sealed value.
    public static func identifier(of sealed: Data) -> String? {
        guard sealed.count > 9, sealed.first == version else { return nil }
        return Hex.encode(sealed.dropFirst().prefix(8))
    }

    /// Seals `plaintext` under the secret's `name`.
    public func seal(_ plaintext: Data, name: String) throws -> Data {
        let box = try AES.GCM.seal(plaintext, using: key, authenticating: Data(name.utf8))
        guard let combined = box.combined else { throw KeyEncryptionError.sealFailed }
        var sealed = Data([Self.version])
        sealed.append(contentsOf: identifierBytes)
        sealed.append(combined)
        return sealed
    }

    /// Opens a value sealed under `name`. Refuses values sealed by another key, under another name, or altered.
    public func open(_ sealed: Data, name: String) throws -> Data {
        guard sealed.count > 9, sealed.first == Self.version else { throw KeyEncryptionError.notSealed }
        guard Array(sealed.dropFirst().prefix(8)) == identifierBytes else { throw KeyEncryptionError.otherKey }
        do {
            return try AES.GCM.open(AES.GCM.SealedBox(combined: sealed.dropFirst(9)), using: key, authenticating: Data(name.utf8))
        } catch {
            throw KeyEncryptionError.tampered(name)
        }
    }
}

/// Why a key-encryption key or a sealed value was refused.
public enum KeyEncryptionError: Error, Equatable, CustomStringConvertible {
    case wrongKeyLength(Int)
    case notBase64
    case fileReadableByOthers(String)
    case cannotCreate(String)
    case missing(String)
    case retiredFileMisnamed(path: String, identifier: String)
    case sealFailed
    case notSealed
    case otherKey
    case unknownKey(String)
    case tampered(String)

    public var description: String {
        switch self {
        case .wrongKeyLength(let count): "the key-encryption key must be 32 bytes, not \(count)"
        case .notBase64: "the key-encryption key must be base64 text"
        case .fileReadableByOthers(let path): "\(path) is readable by group or others; chmod 600 it"
        case .cannotCreate(let path): "cannot create the key-encryption key file \(path)"
        case .missing(let path):
            "no key-encryption key at \(path): start the core once to make one, point keyEncryptionKeyFile at it, or set PALISADE_KEK"
        case .retiredFileMisnamed(let path, let identifier):
            "\(path) holds key-encryption key \(identifier): a retired key's file must be named after its identifier; rename it to \(identifier)"
        case .sealFailed: "sealing failed"
        case .notSealed: "the stored value is not a sealed secret"
        case .otherKey: "the stored secret was sealed with a different key-encryption key"
        case .unknownKey(let identifier):
            "the stored secret was sealed with key-encryption key \(identifier), which is neither the current key nor a retired one: put that key's file in the retired keys' directory beside the key file (kek.retired/\(identifier)), or, after 'palisade keys rotate --new-key-file', set PALISADE_KEK to the new key"
        case .tampered(let name): "the sealed secret '\(name)' was altered or belongs to another name"
        }
    }
}
