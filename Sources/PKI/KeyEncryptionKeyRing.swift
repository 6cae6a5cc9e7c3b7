import Foundation

/// The key-encryption keys a core holds: the current one, which seals, and retired ones, which only open.
///
/// A sealed value names its key by identifier, so after `palisade keys rotate` values sealed before (or by a core
/// that had not yet seen the new key) still open, and nothing new is ever sealed under a retired key.
public struct KeyEncryptionKeyRing: Sendable {
    public let current: KeyEncryptionKey
    /// Oldest first; never holds the current key.
    public let retired: [KeyEncryptionKey]

    public init(current: KeyEncryptionKey, retired: [KeyEncryptionKey] = []) {
        self.current = current
        var seen: Set<String> = [current.identifier]
        self.retired = retired.filter { seen.insert($0.identifier).inserted }
    }

    /// Seals under the current key.
    public func seal(_ plaintext: Data, name: String) throws -> Data {
        try current.seal(plaintext, name: name)
    }

    /// Opens a value sealed under `name` by any key on the ring.
    public func open(_ sealed: Data, name: String) throws -> Data {
        guard let identifier = KeyEncryptionKey.identifier(of: sealed) else { throw KeyEncryptionError.notSealed }
        guard let key = key(identifiedBy: identifier) else { throw KeyEncryptionError.unknownKey(identifier) }
        return try key.open(sealed, name: name)
    }

    /// The key on the ring with this identifier, if any.
    public func key(identifiedBy identifier: String) -> KeyEncryptionKey? {
        current.identifier == identifier ? current : retired.first { $0.identifier == identifier }
    }

    /// Whether a sealed value would open without its key being looked for elsewhere.
    public func holdsKey(of sealed: Data) -> Bool {
        KeyEncryptionKey.identifier(of: sealed).flatMap(key(identifiedBy:)) != nil
    }
}
