import Foundation
import PKI
import Testing

@Suite struct KeyEncryptionKeyTests {
    @Test func sealedSecretsOpenOnlyWithTheSameKeyAndName() throws {
        let key = try KeyEncryptionKey(rawKey: Data(repeating: 7, count: 32))
        let other = try KeyEncryptionKey(rawKey: Data(repeating: 8, count: 32))
        let secret = Data("-----BEGIN PRIVATE KEY-----".utf8)
        let sealed = try key.seal(secret, name: "ca.key")
        #expect(sealed.range(of: secret) == nil)
        #expect(try key.open(sealed, name: "ca.key") == secret)
        #expect(throws: KeyEncryptionError.tampered("push.key")) { try key.open(sealed, name: "push.key") }
        #expect(throws: KeyEncryptionError.otherKey) { try other.open(sealed, name: "ca.key") }
        var flipped = sealed
        flipped[flipped.count - 1] ^= 1
        #expect(throws: KeyEncryptionError.tampered("ca.key")) { try key.open(flipped, name: "ca.key") }
        #expect(throws: KeyEncryptionError.notSealed) { try key.open(Data([9, 9]), name: "ca.key") }
    }

    @Test func theKeyFileIsMadeOncePrivateAndRefusedWhenOthersCanReadIt() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("palisade-kek-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("kek")
        let first = try KeyEncryptionKey.loadOrCreate(at: file)
        let again = try KeyEncryptionKey.loadOrCreate(at: file)
        #expect(first.identifier == again.identifier)
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        #expect(throws: KeyEncryptionError.fileReadableByOthers(file.path)) { try KeyEncryptionKey.loadOrCreate(at: file) }
        #expect(throws: KeyEncryptionError.wrongKeyLength(16)) { try KeyEncryptionKey(rawKey: Data(count: 16)) }
    }
}
