import Foundation
import Synchronization

/// A running core's key ring: when a stored value names a key the ring does not hold, it reads the key files again
/// before giving up.
///
/// That is what lets a core started before `palisade keys rotate` keep working: the rotation re-seals values under
/// a key the core has never seen, and the first such value the core meets makes it load the new current key (and
/// seal under it from then on) along with the retired ones. A core whose key comes from `PALISADE_KEK` keeps sealing
/// under that key until it is restarted with the new one; what it seals meanwhile opens from the retired directory.
public final class ReloadingKeyRing: Sendable {
    private let files: KeyEncryptionKeyFiles?
    private let ring: Mutex<KeyEncryptionKeyRing>

    /// A ring read from `files`, and read again from them when a value names a key it lacks.
    public convenience init(files: KeyEncryptionKeyFiles) throws {
        self.init(try files.load(creatingCurrent: true), reloadingFrom: files)
    }

    /// A ring that starts from `ring`; without `files` it never changes (tests, tools).
    public init(_ ring: KeyEncryptionKeyRing, reloadingFrom files: KeyEncryptionKeyFiles? = nil) {
        self.files = files
        self.ring = Mutex(ring)
    }

    /// The ring as it stands now.
    public var snapshot: KeyEncryptionKeyRing { ring.withLock { $0 } }

    /// Seals under the current key.
    public func seal(_ plaintext: Data, name: String) throws -> Data {
        try snapshot.seal(plaintext, name: name)
    }

    /// Opens a value sealed by any key on the ring, reading the key files again first if the value's key is not on it.
    public func open(_ sealed: Data, name: String) throws -> Data {
        var current = snapshot
        if !current.holdsKey(of: sealed), let files {
            current = try files.load()
            ring.withLock { $0 = current }
        }
        return try current.open(sealed, name: name)
    }
}
