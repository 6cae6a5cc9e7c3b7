@testable import Core
import Foundation
import Logging
import PalisadeCore
import PKI
import Storage
import Testing

/// A core's data directory holding one sealed value of every kind, made by the code that makes them in service: the
/// keyring (CA, profile signer, device TLS), the push service (a development push certificate), an invitation, and an
/// Apple enrolment with unlock and bootstrap tokens, and a ClearPasscode held for approval.
struct SealedSecretsFixture {
    let directory: URL
    let files: KeyEncryptionKeyFiles
    let storage: SQLStorage
    static let enrollmentID = "00008030-001A2B3C4D5E802E"

    /// Making the keyring's RSA keys is most of the cost: it is done once, and each test gets a copy of the files.
    private static let template = Task<URL, any Error> {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("palisade-sealed-template-\(UUID().uuidString)")
        let files = KeyEncryptionKeyFiles(currentFile: directory.appendingPathComponent("kek"))
        var logger = Logger(label: "palisade.test")
        logger.logLevel = .critical
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let storage = try await SQLStorage.sqlite(path: directory.appendingPathComponent("palisade.sqlite").path)
        let keyring = try await CoreKeyring.load(store: storage, keyEncryptionKey: try ReloadingKeyRing(files: files), tlsHostnames: ["localhost"])
        let push = try await PushService.start(
            storage: storage, keyring: keyring, configuration: CoreConfiguration(dataDirectory: directory.path), logger: logger
        )
        await push.shutdown()
        _ = try await EnrollmentService(
            storage: storage, keyring: keyring, clock: SystemWallClock(), publicURL: { "https://mdm.example.org" }, topic: "t", logger: logger
        ).createInvitation(ownership: .corporate, createdBy: nil)
        let device = Device(platform: .ios, hardwareID: enrollmentID, createdAt: Date())
        try await storage.createDevice(device)
        try await storage.saveAppleEnrollment(AppleEnrollment(
            enrollmentID: enrollmentID, deviceID: device.id, kind: .appleDevice, identityFingerprint: String(repeating: "a", count: 64),
            sealedUnlockToken: try keyring.keyEncryptionKey.seal(Data("unlock".utf8), name: SealedItem.unlockToken.sealedName(forRow: enrollmentID)),
            sealedBootstrapToken: try keyring.keyEncryptionKey.seal(
                Data("bootstrap".utf8), name: SealedItem.bootstrapToken.sealedName(forRow: enrollmentID)
            ),
            authenticatedAt: Date()
        ))
        // A ClearPasscode held for approval: its sealed wire bytes carry the unlock token.
        let approvals = CommandApprovals(storage: storage, keyEncryptionKey: keyring.keyEncryptionKey, policy: ApprovalPolicy(), validity: 3600)
        let (held, approval) = try await approvals.hold(
            Command(deviceID: device.id, requestType: "ClearPasscode", createdAt: Date()), required: 2, requester: UUID(), now: Date()
        )
        try await storage.enqueue([held], awaiting: [approval])
        await storage.close()
        return directory
    }

    static func make() async throws -> SealedSecretsFixture {
        let template = try await template.value
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("palisade-sealed-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: template, to: directory)
        return SealedSecretsFixture(
            directory: directory, files: KeyEncryptionKeyFiles(currentFile: directory.appendingPathComponent("kek")),
            storage: try await SQLStorage.sqlite(path: directory.appendingPathComponent("palisade.sqlite").path)
        )
    }

    func remove() async {
        await storage.close()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Every sealed value opened with `ring`, by kind and row.
    func plaintexts(with ring: KeyEncryptionKeyRing) async throws -> [SealedItem: [String: Data]] {
        var result: [SealedItem: [String: Data]] = [:]
        for item in SealedItem.allCases {
            for stored in try await storage.sealedValues(of: item) {
                result[item, default: [:]][stored.row] = try ring.open(try item.sealedBytes(in: stored), name: item.sealedName(forRow: stored.row))
            }
        }
        return result
    }

    /// The identifiers of the keys every sealed value is under, by kind.
    func keyIdentifiers() async throws -> [SealedItem: Set<String>] {
        var result: [SealedItem: Set<String>] = [:]
        for item in SealedItem.allCases {
            for stored in try await storage.sealedValues(of: item) {
                result[item, default: []].insert(KeyEncryptionKey.identifier(of: try item.sealedBytes(in: stored)) ?? "none")
            }
        }
        return result
    }
}

/// A store that fails re-sealing one kind of item, as a database dropping its connection midway would.
struct StoreFailingOneRewrite: SealedValueStore, AuditLog {
    struct ConnectionLost: Error, CustomStringConvertible {
        var description: String { "connection lost" }
    }

    let storage: SQLStorage
    let failing: SealedItem

    func sealedValues(of item: SealedItem) async throws -> [StoredSealedValue] { try await storage.sealedValues(of: item) }

    func rewriteSealedValues(of item: SealedItem, _ rewrite: @Sendable (StoredSealedValue) throws -> Data?) async throws -> Int {
        guard item != failing else {
            // The first row is rewritten inside the transaction before the failure rolls it back.
            return try await storage.rewriteSealedValues(of: item) { stored in
                _ = try rewrite(stored)
                throw ConnectionLost()
            }
        }
        return try await storage.rewriteSealedValues(of: item, rewrite)
    }

    func append(_ record: AuditRecord) async throws -> AuditEvent { try await storage.append(record) }
    func events(matching filter: AuditFilter, page: PageRequest) async throws -> Page<AuditEvent> { try await storage.events(matching: filter, page: page) }
    func verifyAuditChain(expecting: AuditChainHead?) async throws -> AuditChainReport { try await storage.verifyAuditChain(expecting: expecting) }
    func auditChainHead() async throws -> AuditChainHead? { try await storage.auditChainHead() }
}

@Suite struct KeyRotationTests {
    var logger: Logger {
        var logger = Logger(label: "palisade.test")
        logger.logLevel = .critical
        return logger
    }

    @Test func rotationReSealsEveryKindSoEachOpensWithTheNewKeyAloneAndNotWithTheOld() async throws {
        let fixture = try await SealedSecretsFixture.make()
        let old = try fixture.files.load()
        let before = try await fixture.plaintexts(with: old)
        let caBefore = try #require(try await fixture.storage.keyMaterial(named: "ca"))
        #expect(Set(before.keys) == Set(SealedItem.allCases), "the fixture holds every kind")

        let report = try await KeyRotation.rotate(files: fixture.files, store: fixture.storage, clock: SystemWallClock())
        #expect(report.previousKey == old.current.identifier)
        #expect(report.resealed == [.keyMaterial: 4, .invitationChallenge: 1, .unlockToken: 1, .bootstrapToken: 1, .approvalCommand: 1])
        let new = try KeyEncryptionKey.load(at: fixture.files.currentFile)
        #expect(new.identifier == report.newKey)
        #expect(try KeyEncryptionKey.load(at: fixture.files.retiredFile(for: old.current.identifier)).identifier == old.current.identifier)

        #expect(try await fixture.plaintexts(with: KeyEncryptionKeyRing(current: new)) == before)
        for (item, identifiers) in try await fixture.keyIdentifiers() {
            #expect(identifiers == [new.identifier], "\(item.rawValue)")
        }
        await #expect(throws: KeyEncryptionError.unknownKey(new.identifier)) { try await fixture.plaintexts(with: old) }
        // The certificate beside a sealed key is carried over as it was.
        let caAfter = try #require(try await fixture.storage.keyMaterial(named: "ca"))
        #expect(try JSONDecoder().decode(StoredIdentity.Record.self, from: caAfter).certificate
            == JSONDecoder().decode(StoredIdentity.Record.self, from: caBefore).certificate)

        // A core started now with only the new key loads the same CA and push certificate: nothing was made afresh.
        let keyring = try await CoreKeyring.load(
            store: fixture.storage, keyEncryptionKey: ReloadingKeyRing(KeyEncryptionKeyRing(current: new)), tlsHostnames: ["localhost"]
        )
        #expect(try await fixture.storage.keyMaterial(named: "ca") == caAfter)
        #expect(try StoredIdentity.decode(caAfter, name: "ca", kek: keyring.keyEncryptionKey).certificate == keyring.authority.identity.certificate)
        let push = try await PushService.start(
            storage: fixture.storage, keyring: keyring, configuration: CoreConfiguration(dataDirectory: fixture.directory.path), logger: logger
        )
        #expect(push.topic.hasPrefix("com.apple.mgmt.External.palisade-"))
        await push.shutdown()

        let events = try await fixture.storage.events(matching: AuditFilter(action: "keys.rotate"), page: PageRequest()).items
        let event = try #require(events.first)
        #expect(event.actor == .system)
        #expect(event.target == "kek:\(new.identifier)")
        #expect(event.detail["previousKey"] == .string(old.current.identifier))
        #expect(event.detail["newKey"] == .string(new.identifier))
        #expect(event.detail["resealed"]?["unlock-token"] == .number(1))
        await fixture.remove()
    }

    @Test func aCoreStartedBeforeRotationOpensReSealedValuesAndWhatItSealedMeanwhile() async throws {
        let fixture = try await SealedSecretsFixture.make()
        let running = try ReloadingKeyRing(files: fixture.files)
        let name = SealedItem.unlockToken.sealedName(forRow: SealedSecretsFixture.enrollmentID)
        _ = try await KeyRotation.rotate(files: fixture.files, store: fixture.storage, clock: SystemWallClock())
        // Until it meets a value under the new key, the running core still seals under the old one...
        let sealedMeanwhile = try running.seal(Data("late".utf8), name: name)
        let resealed = try #require(try await fixture.storage.appleEnrollment(SealedSecretsFixture.enrollmentID)?.sealedUnlockToken)
        #expect(try running.open(resealed, name: name) == Data("unlock".utf8))
        // ...and what it sealed then still opens, for it and for a core started after the rotation.
        #expect(try running.open(sealedMeanwhile, name: name) == Data("late".utf8))
        #expect(try fixture.files.load().open(sealedMeanwhile, name: name) == Data("late".utf8))
        #expect(try KeyEncryptionKey.identifier(of: running.seal(Data("next".utf8), name: name)) == fixture.files.load().current.identifier)
        await fixture.remove()
    }

    @Test func anInterruptedRotationLosesNothingAndRunningItAgainFinishes() async throws {
        let fixture = try await SealedSecretsFixture.make()
        let first = try fixture.files.load().current
        let before = try await fixture.plaintexts(with: fixture.files.load())

        let failing = StoreFailingOneRewrite(storage: fixture.storage, failing: .unlockToken)
        await #expect {
            try await KeyRotation.rotate(files: fixture.files, store: failing, clock: SystemWallClock())
        } throws: { error in
            guard case .interrupted(.unlockToken, _, first.identifier, _) = error as? KeyRotationError else { return false }
            return "\(error)".contains("run 'palisade keys rotate' again")
        }
        let second = try KeyEncryptionKey.load(at: fixture.files.currentFile)
        #expect(second.identifier != first.identifier)
        // Kinds re-sealed before the failure are under the new key, the rest under the old: every value opens from disk.
        let midway = try await fixture.keyIdentifiers()
        #expect(midway[.keyMaterial] == [second.identifier])
        #expect(midway[.invitationChallenge] == [second.identifier])
        #expect(midway[.unlockToken] == [first.identifier])
        #expect(midway[.bootstrapToken] == [first.identifier])
        #expect(midway[.approvalCommand] == [first.identifier])
        #expect(try await fixture.plaintexts(with: fixture.files.load()) == before)
        let status = try await KeyStatus.read(files: fixture.files, store: fixture.storage)
        #expect(status.currentKey == second.identifier)
        #expect(status.retiredKeys == [first.identifier])
        #expect(status.values(under: first.identifier) == 3)
        #expect(status.values(under: second.identifier) == 5)
        #expect(status.missingKeys.isEmpty)
        let interrupted = try await fixture.storage.events(matching: AuditFilter(action: "keys.rotate.interrupted"), page: PageRequest()).items
        #expect(interrupted.first?.detail["stoppedAt"] == .string("unlock-token"))

        let report = try await KeyRotation.rotate(files: fixture.files, store: fixture.storage, clock: SystemWallClock())
        #expect(report.previousKey == second.identifier)
        let third = try KeyEncryptionKey.load(at: fixture.files.currentFile)
        #expect(try await fixture.plaintexts(with: KeyEncryptionKeyRing(current: third)) == before)
        let finished = try await KeyStatus.read(files: fixture.files, store: fixture.storage)
        #expect(Set(finished.retiredKeys) == [first.identifier, second.identifier])
        #expect(finished.values(under: first.identifier) == 0 && finished.values(under: second.identifier) == 0)
        await fixture.remove()
    }

    @Test func aValueThatDoesNotOpenStopsRotationBeforeAnyKeyOrValueChanges() async throws {
        let fixture = try await SealedSecretsFixture.make()
        let ring = try fixture.files.load()
        var enrollment = try #require(try await fixture.storage.appleEnrollment(SealedSecretsFixture.enrollmentID))
        let stranger = KeyEncryptionKey.generate()
        enrollment.sealedBootstrapToken = try stranger.seal(Data("x".utf8), name: SealedItem.bootstrapToken.sealedName(forRow: enrollment.enrollmentID))
        try await fixture.storage.saveAppleEnrollment(enrollment)
        let identifiers = try await fixture.keyIdentifiers()

        await #expect {
            try await KeyRotation.rotate(files: fixture.files, store: fixture.storage, clock: SystemWallClock())
        } throws: { error in
            guard case .cannotOpen(.bootstrapToken, SealedSecretsFixture.enrollmentID, .unknownKey(stranger.identifier)) = error as? KeyRotationError else {
                return false
            }
            return true
        }
        #expect(try fixture.files.load().current.identifier == ring.current.identifier)
        #expect(!FileManager.default.fileExists(atPath: fixture.files.retiredDirectory.path))
        #expect(try await fixture.keyIdentifiers() == identifiers)
        #expect(try await KeyStatus.read(files: fixture.files, store: fixture.storage).missingKeys == [stranger.identifier])
        await fixture.remove()
    }
}
