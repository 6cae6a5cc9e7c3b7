import Foundation
import PKI
import Testing

@Suite struct KeyEncryptionKeyRingTests {
    let old = try! KeyEncryptionKey(rawKey: Data(repeating: 1, count: 32))
    let new = try! KeyEncryptionKey(rawKey: Data(repeating: 2, count: 32))

    func mode(_ url: URL) throws -> Int? {
        (try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? NSNumber)?.intValue
    }

    @Test func aRingSealsWithTheCurrentKeyAndOpensWhatAnyOfItsKeysSealed() throws {
        let secret = Data("unlock token".utf8)
        let underOld = try old.seal(secret, name: "unlock:A")
        let ring = KeyEncryptionKeyRing(current: new, retired: [old, new])
        #expect(ring.retired.map(\.identifier) == [old.identifier], "the current key is not also retired")
        #expect(try ring.open(underOld, name: "unlock:A") == secret)
        #expect(throws: KeyEncryptionError.tampered("unlock:B")) { try ring.open(underOld, name: "unlock:B") }

        let sealed = try ring.seal(secret, name: "unlock:A")
        #expect(KeyEncryptionKey.identifier(of: sealed) == new.identifier)
        #expect(throws: KeyEncryptionError.unknownKey(new.identifier)) {
            try KeyEncryptionKeyRing(current: old).open(sealed, name: "unlock:A")
        }
        #expect(KeyEncryptionKey.identifier(of: Data([1, 2])) == nil)
    }

    @Test func promotingRetiresTheOldKeyIntoAPrivateFileNamedByItsIdentifierAndInstallsTheNew() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let files = KeyEncryptionKeyFiles(currentFile: scratch.url.appendingPathComponent("kek"))
        let first = try files.load(creatingCurrent: true)
        #expect(first.retired.isEmpty)

        let file = try files.promote(new, replacing: first.current)
        #expect(file == files.currentFile)
        let retiredFile = files.retiredFile(for: first.current.identifier)
        #expect(retiredFile.path == files.currentFile.path + ".retired/" + first.current.identifier)
        #expect(try mode(retiredFile) == 0o600)
        #expect(try mode(files.currentFile) == 0o600)
        #expect(try mode(files.retiredDirectory) == 0o700)
        let after = try files.load()
        #expect(after.current.identifier == new.identifier)
        #expect(after.retired.map(\.identifier) == [first.current.identifier])
        // No temporary files are left beside the key.
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).sorted() == ["kek", "kek.retired"])
    }

    @Test func aRetiredKeyFileNamedForAnotherKeyOrReadableByOthersIsRefused() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let files = KeyEncryptionKeyFiles(currentFile: scratch.url.appendingPathComponent("kek"))
        _ = try files.load(creatingCurrent: true)
        try files.retire(old)
        let misnamed = files.retiredFile(for: new.identifier)
        try FileManager.default.moveItem(at: files.retiredFile(for: old.identifier), to: misnamed)
        #expect(throws: KeyEncryptionError.retiredFileMisnamed(path: misnamed.path, identifier: old.identifier)) { try files.load() }

        try FileManager.default.moveItem(at: misnamed, to: files.retiredFile(for: old.identifier))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: files.retiredFile(for: old.identifier).path)
        #expect(throws: KeyEncryptionError.fileReadableByOthers(files.retiredFile(for: old.identifier).path)) { try files.load() }
    }

    @Test func withTheKeyInTheEnvironmentTheNewKeyWaitsInTheRetiredDirectory() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let environment = Data(repeating: 1, count: 32).base64EncodedString()
        let files = KeyEncryptionKeyFiles(currentFile: scratch.url.appendingPathComponent("kek"), environmentKey: environment)
        #expect(try files.load().current.identifier == old.identifier)

        let file = try files.promote(new, replacing: old)
        #expect(file == files.retiredFile(for: new.identifier))
        #expect(!FileManager.default.fileExists(atPath: files.currentFile.path), "the key file is not written when the environment gives the key")
        let ring = try files.load()
        #expect(ring.current.identifier == old.identifier, "the environment still wins until the administrator changes it")
        #expect(ring.key(identifiedBy: new.identifier) != nil)
        #expect(try KeyEncryptionKey(base64: String(decoding: try Data(contentsOf: file), as: UTF8.self)).identifier == new.identifier)
    }

    @Test func aRunningRingReadsTheFilesAgainWhenAValueNamesAKeyItLacksAndThenSealsUnderTheNewKey() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let files = KeyEncryptionKeyFiles(currentFile: scratch.url.appendingPathComponent("kek"))
        let running = try ReloadingKeyRing(files: files)
        let started = running.snapshot.current
        let beforeRotation = try running.seal(Data("a".utf8), name: "bootstrap:A")

        try files.promote(new, replacing: started)
        let afterRotation = try new.seal(Data("b".utf8), name: "bootstrap:B")
        let fixed = ReloadingKeyRing(KeyEncryptionKeyRing(current: started))
        #expect(throws: KeyEncryptionError.unknownKey(new.identifier)) { try fixed.open(afterRotation, name: "bootstrap:B") }
        #expect(try running.open(afterRotation, name: "bootstrap:B") == Data("b".utf8))
        #expect(try running.open(beforeRotation, name: "bootstrap:A") == Data("a".utf8))
        #expect(KeyEncryptionKey.identifier(of: try running.seal(Data("c".utf8), name: "bootstrap:C")) == new.identifier)
    }
}
