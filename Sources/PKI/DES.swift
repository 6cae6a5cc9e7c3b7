/// The Data Encryption Standard (FIPS 46-3) block cipher with one 8-byte key; CBC mode and PKCS#7
/// padding come from ``LegacyBlockCipher``.
///
/// Single DES is broken (a 56-bit key) and is here only for SCEP clients that can do nothing else
/// (`des-cbc`, OID 1.3.14.3.2.7). It refuses keys that are not exactly 8 bytes; like OpenSSL it ignores
/// the parity bits and does not refuse the weak keys, because interoperability is its only purpose.
public struct DES: LegacyBlockCipher, Hashable {
    /// The key size in bytes (56 key bits plus 8 parity bits).
    public static let keySize = 8

    /// The 16 round keys, 48 bits each in the low bits, as eight 6-bit groups from the most significant.
    let roundKeys: [UInt64]

    /// Expands `key` into the 16 round keys.
    public init(key: some Collection<UInt8>) throws(LegacyCipherError) {
        let bytes = [UInt8](key)
        guard bytes.count == Self.keySize else { throw .keyLength(expected: Self.keySize, actual: bytes.count) }
        let keyWord = Self.word(bytes, at: 0)
        let selected = DESTables.permute(keyWord, width: 64, table: DESTables.permutedChoice1)
        var c = UInt32(truncatingIfNeeded: selected >> 28) & 0x0FFF_FFFF
        var d = UInt32(truncatingIfNeeded: selected) & 0x0FFF_FFFF
        var keys = [UInt64]()
        keys.reserveCapacity(16)
        for rotation in DESTables.keyRotations {
            c = (c << UInt32(rotation) | c >> UInt32(28 - rotation)) & 0x0FFF_FFFF
            d = (d << UInt32(rotation) | d >> UInt32(28 - rotation)) & 0x0FFF_FFFF
            let joined = UInt64(c) << 28 | UInt64(d)
            keys.append(DESTables.permute(joined, width: 56, table: DESTables.permutedChoice2))
        }
        roundKeys = keys
    }

    public func encryptBlock(_ block: UInt64) -> UInt64 {
        Self.crypt(block, roundKeys: roundKeys)
    }

    public func decryptBlock(_ block: UInt64) -> UInt64 {
        Self.crypt(block, roundKeys: roundKeys.reversed())
    }

    /// The Feistel network: decryption is the same walk with the round keys in reverse order.
    private static func crypt(_ block: UInt64, roundKeys: some Sequence<UInt64>) -> UInt64 {
        let permuted = DESTables.permute(block, width: 64, table: DESTables.initialPermutation)
        var left = UInt32(truncatingIfNeeded: permuted >> 32)
        var right = UInt32(truncatingIfNeeded: permuted)
        for roundKey in roundKeys {
            (left, right) = (right, left ^ feistel(right, roundKey))
        }
        // The last round's halves are not swapped back: the preoutput is R₁₆‖L₁₆.
        let preoutput = UInt64(right) << 32 | UInt64(left)
        return DESTables.permute(preoutput, width: 64, table: DESTables.finalPermutation)
    }

    /// f(R, K) = P(S(E(R) ⊕ K)). E's eight 6-bit groups are overlapping windows of R taken cyclically, so
    /// they are read straight out of R rotated right by one bit and doubled up to 64 bits.
    private static func feistel(_ right: UInt32, _ roundKey: UInt64) -> UInt32 {
        let rotated = UInt64(right >> 1 | right << 31)
        let doubled = rotated << 32 | rotated
        let table = DESTables.substitutionThenPermutation
        var output: UInt32 = 0
        for box in 0..<8 {
            let expanded = (doubled >> UInt64(58 - 4 * box)) & 0x3F
            let keyBits = (roundKey >> UInt64(42 - 6 * box)) & 0x3F
            output |= table[box][Int(expanded ^ keyBits)]
        }
        return output
    }
}
