import _CryptoExtras
import Crypto
import Foundation
import SwiftASN1

/// The content-encryption algorithms EnvelopedData can use here: AES-CBC (128/192/256) and, for old
/// SCEP clients only, DES-EDE3-CBC and DES-CBC. All use PKCS#7 padding and an IV carried as the
/// algorithm's OCTET STRING parameter.
///
/// Refuses other OIDs (RC2, AES-GCM, …) with ``CMSError/unsupportedContentEncryption(_:)`` and IVs of the
/// wrong length as malformed.
public enum CMSContentEncryptionAlgorithm: String, Hashable, Sendable, CaseIterable {
    case aes128CBC
    case aes192CBC
    case aes256CBC
    case desEDE3CBC
    case desCBC

    /// The algorithm's object identifier.
    public var objectIdentifier: ASN1ObjectIdentifier {
        switch self {
        case .aes128CBC: CMSObjectIdentifier.aes128CBC
        case .aes192CBC: CMSObjectIdentifier.aes192CBC
        case .aes256CBC: CMSObjectIdentifier.aes256CBC
        case .desEDE3CBC: CMSObjectIdentifier.desEDE3CBC
        case .desCBC: CMSObjectIdentifier.desCBC
        }
    }

    /// The content-encryption key size in bytes.
    public var keySize: Int {
        switch self {
        case .aes128CBC: 16
        case .aes192CBC: 24
        case .aes256CBC: 32
        case .desEDE3CBC: TripleDES.keySize
        case .desCBC: DES.keySize
        }
    }

    /// The block (and IV) size in bytes.
    public var blockSize: Int {
        switch self {
        case .aes128CBC, .aes192CBC, .aes256CBC: 16
        case .desEDE3CBC, .desCBC: 8
        }
    }

    /// Looks up the algorithm an OID names.
    public init(objectIdentifier: ASN1ObjectIdentifier) throws(CMSError) {
        guard let match = Self.allCases.first(where: { $0.objectIdentifier == objectIdentifier }) else {
            throw .unsupportedContentEncryption(objectIdentifier)
        }
        self = match
    }

    /// A fresh random key. DES keys get odd parity in each byte, as FIPS 46-3 defines them and as some
    /// receivers check.
    func randomKey() -> [UInt8] {
        var key = SecureRandom.bytes(keySize)
        if self == .desCBC || self == .desEDE3CBC {
            for index in key.indices {
                let high = key[index] & 0xFE
                key[index] = high | (high.nonzeroBitCount % 2 == 0 ? 1 : 0)
            }
        }
        return key
    }

    func encrypt(_ plaintext: [UInt8], key: [UInt8], iv: [UInt8]) throws(CMSError) -> [UInt8] {
        do {
            switch self {
            case .aes128CBC, .aes192CBC, .aes256CBC:
                return Array(try AES._CBC.encrypt(plaintext, using: SymmetricKey(data: key), iv: AES._CBC.IV(ivBytes: iv)))
            case .desEDE3CBC:
                return try TripleDES(key: key).encryptCBC(plaintext, iv: iv)
            case .desCBC:
                return try DES(key: key).encryptCBC(plaintext, iv: iv)
            }
        } catch {
            throw .encodingFailed("content encryption: \(error)")
        }
    }

    /// Decrypts; every failure (bad length, bad padding) is the same ``CMSError/decryptionFailed``.
    func decrypt(_ ciphertext: [UInt8], key: [UInt8], iv: [UInt8]) throws(CMSError) -> [UInt8] {
        guard key.count == keySize, iv.count == blockSize, !ciphertext.isEmpty, ciphertext.count % blockSize == 0 else {
            throw .decryptionFailed
        }
        do {
            switch self {
            case .aes128CBC, .aes192CBC, .aes256CBC:
                return Array(try AES._CBC.decrypt(ciphertext, using: SymmetricKey(data: key), iv: AES._CBC.IV(ivBytes: iv)))
            case .desEDE3CBC:
                return try TripleDES(key: key).decryptCBC(ciphertext, iv: iv)
            case .desCBC:
                return try DES(key: key).decryptCBC(ciphertext, iv: iv)
            }
        } catch {
            throw .decryptionFailed
        }
    }
}
