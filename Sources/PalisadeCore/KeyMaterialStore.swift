import Foundation

/// Named blobs of key material: certificates in the clear, private keys sealed by the caller with the
/// key-encryption key (the store never sees a key in the clear).
public protocol KeyMaterialStore: Sendable {
    func keyMaterial(named name: String) async throws -> Data?
    /// Stores `value` under `name` only if nothing is stored there yet; returns what is stored afterwards, so that
    /// cores starting together agree on one CA.
    func storeKeyMaterialIfAbsent(_ value: Data, named name: String, at date: Date) async throws -> Data
    /// Replaces what is stored under `name` (key rotation, a new push certificate).
    func replaceKeyMaterial(_ value: Data, named name: String, at date: Date) async throws
}
