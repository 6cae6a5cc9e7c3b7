import Foundation
import PalisadeCore
import PKI

/// `palisade keys status`: which key-encryption keys are on disk and how many sealed values each holds, so an
/// administrator knows when a retired key may be deleted (none left under it) and whether any value is sealed
/// under a key that is on no disk (it will not open until that key is put back).
public struct KeyStatus: Sendable, Equatable {
    public var currentKey: String
    public var retiredKeys: [String]
    /// Per kind, values per key identifier.
    public var counts: [SealedItem: [String: Int]]

    /// Identifiers that seal a value but are neither current nor retired.
    public var missingKeys: [String] {
        let known = Set([currentKey] + retiredKeys)
        return Set(counts.values.flatMap(\.keys)).subtracting(known).sorted()
    }

    /// How many values, of every kind, are sealed under `identifier`.
    public func values(under identifier: String) -> Int {
        counts.values.reduce(0) { $0 + ($1[identifier] ?? 0) }
    }

    public static func read(files: KeyEncryptionKeyFiles, store: any SealedValueStore) async throws -> KeyStatus {
        let ring = try files.load()
        var counts: [SealedItem: [String: Int]] = [:]
        for item in SealedItem.allCases {
            for stored in try await store.sealedValues(of: item) {
                let identifier = KeyEncryptionKey.identifier(of: try item.sealedBytes(in: stored)) ?? "unsealed"
                counts[item, default: [:]][identifier, default: 0] += 1
            }
        }
        return KeyStatus(currentKey: ring.current.identifier, retiredKeys: ring.retired.map(\.identifier), counts: counts)
    }

    public var json: JSONValue {
        func keyed(_ identifier: String) -> JSONValue {
            .object(["key": .string(identifier), "values": .number(Double(values(under: identifier)))])
        }
        return .object([
            "current": keyed(currentKey),
            "retired": .array(retiredKeys.map(keyed)),
            "missing": .array(missingKeys.map(keyed)),
            "counts": .object(Dictionary(uniqueKeysWithValues: counts.map { item, perKey in
                (item.rawValue, JSONValue.object(perKey.mapValues { .number(Double($0)) }))
            })),
        ])
    }
}
