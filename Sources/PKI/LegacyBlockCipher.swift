/// A 64-bit block cipher (DES or Triple-DES) with CBC mode and PKCS#7 padding on top.
///
/// Palisade keeps these only because SCEP clients in the field still encrypt requests with them and
/// expect answers in kind; new messages default to AES. CBC refuses IVs that are not one block long,
/// ciphertexts that are not whole blocks, and padding that does not check out.
public protocol LegacyBlockCipher: Sendable {
    /// Encrypts one 64-bit block, most significant byte first.
    func encryptBlock(_ block: UInt64) -> UInt64
    /// Decrypts one 64-bit block, most significant byte first.
    func decryptBlock(_ block: UInt64) -> UInt64
}

extension LegacyBlockCipher {
    /// The block size in bytes, which is also the IV size for CBC.
    public static var blockSize: Int { 8 }

    /// Encrypts `plaintext` in CBC mode after adding PKCS#7 padding (1 to 8 bytes, so the output is always
    /// one block longer when the input is already block aligned).
    public func encryptCBC(_ plaintext: some Collection<UInt8>, iv: some Collection<UInt8>) throws(LegacyCipherError) -> [UInt8] {
        var chain = try Self.block(fromIV: iv)
        let padLength = 8 - plaintext.count % 8
        var input = [UInt8](plaintext)
        input.append(contentsOf: repeatElement(UInt8(padLength), count: padLength))
        var output = [UInt8]()
        output.reserveCapacity(input.count)
        var offset = 0
        while offset < input.count {
            chain = encryptBlock(Self.word(input, at: offset) ^ chain)
            Self.append(chain, to: &output)
            offset += 8
        }
        return output
    }

    /// Decrypts CBC `ciphertext` and strips its PKCS#7 padding.
    public func decryptCBC(_ ciphertext: some Collection<UInt8>, iv: some Collection<UInt8>) throws(LegacyCipherError) -> [UInt8] {
        var chain = try Self.block(fromIV: iv)
        let input = [UInt8](ciphertext)
        guard !input.isEmpty, input.count % 8 == 0 else { throw .ciphertextLength(input.count) }
        var output = [UInt8]()
        output.reserveCapacity(input.count)
        var offset = 0
        while offset < input.count {
            let block = Self.word(input, at: offset)
            Self.append(decryptBlock(block) ^ chain, to: &output)
            chain = block
            offset += 8
        }
        // Check every padding byte without stopping at the first bad one, so the time taken does not say
        // which byte was wrong.
        let padLength = Int(output[output.count - 1])
        var bad = padLength == 0 || padLength > 8 ? 1 : 0
        let checked = min(max(padLength, 1), 8)
        for index in (output.count - checked)..<output.count {
            bad |= output[index] == UInt8(truncatingIfNeeded: padLength) ? 0 : 1
        }
        guard bad == 0 else { throw .badPadding }
        output.removeLast(padLength)
        return output
    }

    private static func block(fromIV iv: some Collection<UInt8>) throws(LegacyCipherError) -> UInt64 {
        let bytes = [UInt8](iv)
        guard bytes.count == 8 else { throw .ivLength(expected: 8, actual: bytes.count) }
        return word(bytes, at: 0)
    }

    static func word(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in offset..<(offset + 8) {
            value = value << 8 | UInt64(bytes[index])
        }
        return value
    }

    static func append(_ word: UInt64, to output: inout [UInt8]) {
        for shift in stride(from: 56, through: 0, by: -8) {
            output.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
        }
    }
}
