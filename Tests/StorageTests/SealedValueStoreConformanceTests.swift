import Foundation
import PalisadeCore
@testable import Storage
import Testing

@Suite struct SealedValueStoreConformanceTests {
    /// Stores one row per entry of `rows` holding its value in `item`'s column, through the store of its concern.
    /// A new `SealedItem` needs a case here: the suite then proves rotation reaches its column.
    static func store(_ item: SealedItem, rows: [String: Data], in store: SQLStorage) async throws {
        for (row, value) in rows.sorted(by: { $0.key < $1.key }) {
            switch item {
            case .keyMaterial:
                try await store.replaceKeyMaterial(value, named: row, at: epoch)
            case .invitationChallenge:
                try await store.createInvitation(EnrollmentInvitation(
                    id: row, platform: .ios, ownership: .corporate, challengeDigest: "digest-" + row, sealedChallenge: value,
                    createdAt: epoch, expiresAt: day(7)
                ))
            case .unlockToken, .bootstrapToken:
                let device = makeDevice()
                try await store.createDevice(device)
                try await store.saveAppleEnrollment(AppleEnrollment(
                    enrollmentID: row, deviceID: device.id, kind: .appleDevice, identityFingerprint: "fingerprint-" + row,
                    sealedUnlockToken: item == .unlockToken ? value : nil, sealedBootstrapToken: item == .bootstrapToken ? value : nil,
                    authenticatedAt: epoch
                ))
            case .approvalCommand:
                // Written as SQL: the row names here are not command UUIDs, which the approval store would insist on.
                _ = try await store.database.transaction { session in
                    try await session.query("""
                        INSERT INTO approvals (command_id, device_id, request_type, target, requester, statement, sealed_payload, required,
                            signatures, created_at, expires_at) VALUES (?, ?, 'EraseDevice', 'UDID', ?, '{}', ?, 2, '[]', 0, 0)
                        """, .text(row), .text(DeviceID().description), .text(UUID().uuidString), .blob([UInt8](value)))
                }
            }
        }
    }

    /// The value in `item`'s column of `row`, read through the store of its concern.
    static func read(_ item: SealedItem, row: String, in store: SQLStorage) async throws -> Data? {
        switch item {
        case .keyMaterial: try await store.keyMaterial(named: row)
        case .invitationChallenge: try await store.invitation(row)?.sealedChallenge
        case .unlockToken: try await store.appleEnrollment(row)?.sealedUnlockToken
        case .bootstrapToken: try await store.appleEnrollment(row)?.sealedBootstrapToken
        case .approvalCommand:
            try await store.database.transaction { session in
                try await session.query("SELECT sealed_payload FROM approvals WHERE command_id = ?", .text(row)).first?["sealed_payload"].data
            }
        }
    }

    static func storeTwoRowsOfEveryItem(in store: SQLStorage) async throws {
        for item in SealedItem.allCases {
            try await Self.store(item, rows: [item.rawValue + "-1": Data([1]), item.rawValue + "-2": Data([2])], in: store)
        }
    }

    @Test(arguments: Backend.available)
    func everySealedItemIsListedByRowWithoutEmptyColumnsAndRewrittenInPlace(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            try await Self.storeTwoRowsOfEveryItem(in: store)
            for item in SealedItem.allCases {
                // Unlock-token rows have no bootstrap token and the other way round: neither kind lists the other's rows.
                #expect(try await store.sealedValues(of: item) == [
                    StoredSealedValue(row: item.rawValue + "-1", value: Data([1])), StoredSealedValue(row: item.rawValue + "-2", value: Data([2])),
                ])
                let changed = try await store.rewriteSealedValues(of: item) { stored in
                    stored.row.hasSuffix("-1") ? stored.value + Data([0xEE]) : nil
                }
                #expect(changed == 1)
                #expect(try await Self.read(item, row: item.rawValue + "-1", in: store) == Data([1, 0xEE]))
                #expect(try await Self.read(item, row: item.rawValue + "-2", in: store) == Data([2]))
            }
            // Rewriting one column leaves the row's other sealed column alone.
            #expect(try await store.appleEnrollment(SealedItem.unlockToken.rawValue + "-1")?.sealedBootstrapToken == nil)
        }
    }

    @Test(arguments: Backend.available)
    func aRewriteThatFailsPartwayChangesNothingOfThatItem(_ backend: Backend) async throws {
        struct Refused: Error {}
        try await backend.withStorage { store in
            try await Self.storeTwoRowsOfEveryItem(in: store)
            for item in SealedItem.allCases {
                await #expect(throws: Refused.self) {
                    try await store.rewriteSealedValues(of: item) { stored in
                        if stored.row.hasSuffix("-2") { throw Refused() }
                        return Data([9])
                    }
                }
                #expect(try await Self.read(item, row: item.rawValue + "-1", in: store) == Data([1]), "the first row's rewrite was rolled back")
            }
        }
    }
}
