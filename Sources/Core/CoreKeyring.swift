import _CryptoExtras
import Foundation
import PalisadeCore
import PKI
import SwiftASN1
import X509

/// The core's key material: the CA, the profile signer and the device listener's TLS identity, loaded from storage
/// (keys unsealed with the key-encryption key) or made on first start.
public struct CoreKeyring: Sendable {
    /// Seals under the current key-encryption key and opens under any key, current or retired.
    public let keyEncryptionKey: ReloadingKeyRing
    public let authority: CertificateAuthority
    public let profileSigner: SigningIdentity
    public let deviceTLS: SigningIdentity
    /// The admin listener's TLS identity when it uses Palisade's CA (`AdminTLS.palisadeCA`), else `nil`.
    public let adminTLS: SigningIdentity?

    /// Loads or makes every identity. Cores starting together on one database end up with the same CA: the first
    /// to store it wins and the others load it.
    public static func load(
        store: any KeyMaterialStore, keyEncryptionKey: ReloadingKeyRing, tlsHostnames: [String], adminHostnames: [String]? = nil,
        now: Date = Date()
    ) async throws -> CoreKeyring {
        let caEntry = try await stored(named: "ca", in: store, kek: keyEncryptionKey, now: now) {
            let authority = try CertificateAuthority.create(commonName: "Palisade Device CA", now: now)
            return authority.identity
        }
        let authority = try CertificateAuthority(certificate: caEntry.certificate, privateKey: caEntry.privateKey)
        let signer = try await stored(named: "profile-signer", in: store, kek: keyEncryptionKey, now: now) {
            try authority.issueIdentity(commonName: "Palisade Profile Signing", usage: .profileSigning, validity: 5 * 365 * 86_400, now: now)
        }
        let tls = try await tlsIdentity("device-tls:", for: tlsHostnames, by: authority, in: store, kek: keyEncryptionKey, now: now)
        var admin: SigningIdentity?
        if let adminHostnames {
            admin = try await tlsIdentity("admin-tls:", for: adminHostnames, by: authority, in: store, kek: keyEncryptionKey, now: now)
        }
        return CoreKeyring(keyEncryptionKey: keyEncryptionKey, authority: authority, profileSigner: signer, deviceTLS: tls, adminTLS: admin)
    }

    /// A TLS server identity for `hostnames`, stored under `prefix` and the names, so a change of names issues anew.
    private static func tlsIdentity(
        _ prefix: String, for hostnames: [String], by authority: CertificateAuthority, in store: any KeyMaterialStore,
        kek: ReloadingKeyRing, now: Date
    ) async throws -> SigningIdentity {
        let names = Array(Set(hostnames)).sorted()
        return try await stored(named: prefix + names.joined(separator: ","), in: store, kek: kek, now: now) {
            try authority.issueIdentity(
                commonName: names.first(where: IssuedUsage.isDNSName) ?? names.first ?? "palisade", usage: .tlsServer(hostnames: names),
                validity: 397 * 86_400, now: now
            )
        }
    }

    /// The stored identity under `name`, or a new one from `make` stored there first.
    private static func stored(
        named name: String, in store: any KeyMaterialStore, kek: ReloadingKeyRing, now: Date,
        make: () throws -> SigningIdentity
    ) async throws -> SigningIdentity {
        if let existing = try await store.keyMaterial(named: name) {
            let identity = try StoredIdentity.decode(existing, name: name, kek: kek)
            if identity.certificate.notValidAfter > now.addingTimeInterval(7 * 86_400) { return identity }
            // Close to expiry: issue a replacement rather than let devices start refusing it.
            let fresh = try make()
            try await store.replaceKeyMaterial(try StoredIdentity.encode(fresh, name: name, kek: kek), named: name, at: now)
            return fresh
        }
        let fresh = try make()
        let winner = try await store.storeKeyMaterialIfAbsent(try StoredIdentity.encode(fresh, name: name, kek: kek), named: name, at: now)
        return try StoredIdentity.decode(winner, name: name, kek: kek)
    }
}
