/// Triple DES in the EDE form with three independent keys (DES-EDE3, SP 800-67): encryption is
/// E(K3, D(K2, E(K1, block))). CBC mode and PKCS#7 padding come from ``LegacyBlockCipher``.
///
/// Kept for SCEP clients that advertise nothing better (`des-ede3-cbc`, OID 1.2.840.113549.3.7). It
/// refuses keys that are not exactly 24 bytes; two-key variants are not accepted because CMS never uses them.
public struct TripleDES: LegacyBlockCipher, Hashable {
    /// The key size in bytes: K1‖K2‖K3.
    public static let keySize = 24

    private let first: DES
    private let second: DES
    private let third: DES

    /// Splits `key` into K1, K2 and K3 and expands each.
    public init(key: some Collection<UInt8>) throws(LegacyCipherError) {
        let bytes = [UInt8](key)
        guard bytes.count == Self.keySize else { throw .keyLength(expected: Self.keySize, actual: bytes.count) }
        first = try DES(key: bytes[0..<8])
        second = try DES(key: bytes[8..<16])
        third = try DES(key: bytes[16..<24])
    }

    public func encryptBlock(_ block: UInt64) -> UInt64 {
        third.encryptBlock(second.decryptBlock(first.encryptBlock(block)))
    }

    public func decryptBlock(_ block: UInt64) -> UInt64 {
        first.decryptBlock(second.encryptBlock(third.decryptBlock(block)))
    }
}
