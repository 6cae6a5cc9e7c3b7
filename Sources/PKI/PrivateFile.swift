import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files only their owner may read (mode 0600 from the moment they exist) and that are on disk when the call
/// returns: key files, where a window of wider permissions would leak the key and a write lost to a crash would lose
/// every secret sealed under it.
enum PrivateFile {
    /// Creates `url` with `contents`; refuses to overwrite a file already there.
    static func create(_ url: URL, contents: Data) throws {
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw KeyEncryptionError.cannotCreate(url.path) }
        defer { close(descriptor) }
        let written = contents.withUnsafeBytes { buffer in write(descriptor, buffer.baseAddress, buffer.count) }
        guard written == contents.count, fsync(descriptor) == 0 else {
            unlink(url.path)
            throw KeyEncryptionError.cannotCreate(url.path)
        }
        syncDirectory(of: url)
    }

    /// Replaces `url` with `contents` in one step: a reader sees the old file or the new one, never a part of either.
    static func replace(_ url: URL, contents: Data) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString)")
        try create(temporary, contents: contents)
        guard rename(temporary.path, url.path) == 0 else {
            unlink(temporary.path)
            throw KeyEncryptionError.cannotCreate(url.path)
        }
        syncDirectory(of: url)
    }

    /// Makes a directory entry (a new or renamed file) survive a crash, not only the file's bytes.
    private static func syncDirectory(of url: URL) {
        let descriptor = open(url.deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }
}
