import Foundation

/// Where a core's key-encryption keys live, and the one way they change.
///
/// The key file (`kek` in the data directory unless configured) holds the current key, unless `PALISADE_KEK` gives
/// it; then the file is not read. Beside it, the directory `<key file>.retired/` holds every other key that may still
/// be needed to open a value, one file per key named by its identifier, each mode 0600. Nothing in Palisade deletes a
/// retired key: an administrator does, once `palisade keys status` shows no value sealed under it.
public struct KeyEncryptionKeyFiles: Sendable {
    public let currentFile: URL
    /// `PALISADE_KEK`'s base64 text, when the current key comes from the environment.
    public let environmentKey: String?

    public init(currentFile: URL, environmentKey: String? = nil) {
        self.currentFile = currentFile
        self.environmentKey = environmentKey.flatMap { $0.isEmpty ? nil : $0 }
    }

    public var retiredDirectory: URL { URL(fileURLWithPath: currentFile.path + ".retired", isDirectory: true) }

    public func retiredFile(for identifier: String) -> URL { retiredDirectory.appendingPathComponent(identifier) }

    /// The current key (the file made with a fresh key on first start when `creatingCurrent`) and every retired key.
    public func load(creatingCurrent: Bool = false) throws -> KeyEncryptionKeyRing {
        let current: KeyEncryptionKey
        if let environmentKey {
            current = try KeyEncryptionKey(base64: environmentKey)
        } else if creatingCurrent {
            try FileManager.default.createDirectory(
                at: currentFile.deletingLastPathComponent(), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]
            )
            current = try KeyEncryptionKey.loadOrCreate(at: currentFile)
        } else {
            current = try KeyEncryptionKey.load(at: currentFile)
        }
        return KeyEncryptionKeyRing(current: current, retired: try retiredKeys())
    }

    /// Makes `new` the key that seals, never leaving a moment when a key that sealed something is on no disk: the
    /// key being replaced is written to the retired directory first, then the key file is replaced in one step.
    ///
    /// With `PALISADE_KEK` the environment cannot be changed from here, so `new` goes to the retired directory too:
    /// cores open values sealed under it from there until the administrator sets `PALISADE_KEK` to it. Returns the
    /// file that holds `new`.
    @discardableResult
    public func promote(_ new: KeyEncryptionKey, replacing old: KeyEncryptionKey) throws -> URL {
        try retire(old)
        if environmentKey != nil {
            try retire(new)
            return retiredFile(for: new.identifier)
        }
        try PrivateFile.replace(currentFile, contents: new.fileContents)
        return currentFile
    }

    /// Writes `key` to the retired directory, unless it is there already.
    public func retire(_ key: KeyEncryptionKey) throws {
        try FileManager.default.createDirectory(at: retiredDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let file = retiredFile(for: key.identifier)
        if FileManager.default.fileExists(atPath: file.path) {
            let existing = try KeyEncryptionKey.load(at: file)
            guard existing.identifier == key.identifier else {
                throw KeyEncryptionError.retiredFileMisnamed(path: file.path, identifier: existing.identifier)
            }
            return
        }
        try PrivateFile.create(file, contents: key.fileContents)
    }

    /// Every key in the retired directory, each checked to be named after itself so that an administrator deleting
    /// "the key with identifier X" deletes that key.
    private func retiredKeys() throws -> [KeyEncryptionKey] {
        guard FileManager.default.fileExists(atPath: retiredDirectory.path) else { return [] }
        // Names starting with a dot are PrivateFile's half-written temporaries and editors' leftovers.
        return try FileManager.default.contentsOfDirectory(atPath: retiredDirectory.path).filter { !$0.hasPrefix(".") }.sorted().map { name in
            let file = retiredDirectory.appendingPathComponent(name)
            let key = try KeyEncryptionKey.load(at: file)
            guard key.identifier == name else { throw KeyEncryptionError.retiredFileMisnamed(path: file.path, identifier: key.identifier) }
            return key
        }
    }
}
