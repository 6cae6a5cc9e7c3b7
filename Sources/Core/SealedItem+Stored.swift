import Foundation
import PalisadeCore
import PKI

extension SealedItem {
    /// The sealed bytes in a stored value: the value itself, or, for key material, the sealed key inside its record.
    public func sealedBytes(in stored: StoredSealedValue) throws -> Data {
        switch self {
        case .keyMaterial: try KeyMaterialRecord(stored).sealed
        case .invitationChallenge, .unlockToken, .bootstrapToken, .approvalCommand: stored.value
        }
    }

    /// The stored value re-sealed under `ring`'s current key, or `nil` when it is sealed under that key already.
    /// Opening first proves the value is intact and named for its row; one that is not stops the rotation rather
    /// than be carried over unopened.
    public func resealed(_ stored: StoredSealedValue, with ring: KeyEncryptionKeyRing) throws -> Data? {
        let sealed = try sealedBytes(in: stored)
        guard KeyEncryptionKey.identifier(of: sealed) != ring.current.identifier else { return nil }
        let name = sealedName(forRow: stored.row)
        let resealed: Data
        do {
            resealed = try ring.seal(try ring.open(sealed, name: name), name: name)
        } catch let error as KeyEncryptionError {
            throw KeyRotationError.cannotOpen(item: self, row: stored.row, reason: error)
        }
        switch self {
        case .keyMaterial:
            var record = try KeyMaterialRecord(stored)
            record.sealed = resealed
            return try record.encoded()
        case .invitationChallenge, .unlockToken, .bootstrapToken, .approvalCommand:
            return resealed
        }
    }
}
