import Foundation
import PalisadeCore
import PKI

/// `palisade keys rotate`: a new key-encryption key, and every sealed value in the database re-sealed under it.
///
/// Safe against a crash at any point, because no value is ever sealed under a key that is on no disk: the old key
/// is written to the retired directory and the new one installed before the first value is re-sealed, and each kind
/// of sealed item is re-sealed in one transaction. A rotation stopped midway leaves some values under the new key and
/// some under the old, all of them opening; running it again finishes the job under yet another key.
public enum KeyRotation {
    /// What a rotation did: never key bytes, only identifiers and counts.
    public struct Report: Sendable, Equatable {
        public var previousKey: String
        public var newKey: String
        /// The file that holds the new key: the key file, or with `PALISADE_KEK`, its copy in the retired directory.
        public var newKeyFile: String
        /// Values re-sealed, per kind, in `SealedItem.allCases` order.
        public var resealed: [SealedItem: Int]

        /// The audit event's detail, and `--json`'s output.
        public var json: JSONValue {
            .object([
                "previousKey": .string(previousKey), "newKey": .string(newKey),
                "resealed": .object(Dictionary(uniqueKeysWithValues: resealed.map { ($0.key.rawValue, .number(Double($0.value))) })),
            ])
        }
    }

    /// Rotates from the keys in `files` to `newKey`, re-sealing every `SealedItem` in `store` and recording
    /// `keys.rotate` in its audit log. Throws `KeyRotationError.interrupted` when re-sealing stops partway.
    public static func rotate(
        files: KeyEncryptionKeyFiles, store: any SealedValueStore & AuditLog, clock: any WallClock,
        newKey: KeyEncryptionKey = .generate()
    ) async throws -> Report {
        let ring = try files.load()
        // Refuse before touching anything if some value would not open: better no rotation than a half one.
        for item in SealedItem.allCases {
            for stored in try await store.sealedValues(of: item) {
                do {
                    _ = try ring.open(try item.sealedBytes(in: stored), name: item.sealedName(forRow: stored.row))
                } catch let error as KeyEncryptionError {
                    throw KeyRotationError.cannotOpen(item: item, row: stored.row, reason: error)
                }
            }
        }
        let newKeyFile = try files.promote(newKey, replacing: ring.current)
        let target = KeyEncryptionKeyRing(current: newKey, retired: [ring.current] + ring.retired)
        var report = Report(previousKey: ring.current.identifier, newKey: newKey.identifier, newKeyFile: newKeyFile.path, resealed: [:])
        for item in SealedItem.allCases {
            do {
                report.resealed[item] = try await store.rewriteSealedValues(of: item) { try item.resealed($0, with: target) }
            } catch {
                let interrupted = KeyRotationError.interrupted(
                    at: item, newKey: newKey.identifier, previousKey: ring.current.identifier, reason: "\(error)"
                )
                var detail = report.json
                if case .object(var fields) = detail {
                    fields["stoppedAt"] = .string(item.rawValue)
                    fields["error"] = .string("\(error)")
                    detail = .object(fields)
                }
                // Best effort: the database may be what failed.
                _ = try? await store.append(AuditRecord(
                    at: clock.now, actor: .system, action: "keys.rotate.interrupted", target: "kek:\(newKey.identifier)", detail: detail
                ))
                throw interrupted
            }
        }
        try await store.append(AuditRecord(at: clock.now, actor: .system, action: "keys.rotate", target: "kek:\(newKey.identifier)", detail: report.json))
        return report
    }
}
