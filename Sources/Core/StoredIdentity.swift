import _CryptoExtras
import Foundation
import PalisadeCore
import PKI
import X509

/// How an identity is stored: the certificate in the clear and the key sealed, as JSON.
enum StoredIdentity {
    /// Internal so that key rotation can re-seal `sealedKey` without opening the certificate.
    struct Record: Codable {
        var certificate: Data
        var sealedKey: Data
    }

    static func encode(_ identity: SigningIdentity, name: String, kek: ReloadingKeyRing) throws -> Data {
        try JSONEncoder().encode(Record(
            certificate: Data(identity.certificateDER),
            sealedKey: try kek.seal(identity.privateKey.derRepresentation, name: SealedItem.keyMaterial.sealedName(forRow: name))
        ))
    }

    static func decode(_ data: Data, name: String, kek: ReloadingKeyRing) throws -> SigningIdentity {
        let record = try JSONDecoder().decode(Record.self, from: data)
        let certificate = try Certificate(derEncoded: [UInt8](record.certificate))
        let key = try _RSA.Signing.PrivateKey(derRepresentation: try kek.open(record.sealedKey, name: SealedItem.keyMaterial.sealedName(forRow: name)))
        return try SigningIdentity(certificate: certificate, privateKey: key)
    }
}
