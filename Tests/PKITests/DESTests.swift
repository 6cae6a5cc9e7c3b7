import Foundation
@testable import PKI
import Testing

@Suite struct DESTests {
    @Test func everySubstitutionRowIsAPermutationOfSixteenValues() {
        // A typo in a hand-entered S-box would still let some vectors pass; this catches it directly.
        let rows = DESTables.substitution.flatMap { box in (0..<4).map { Array(box[$0 * 16..<$0 * 16 + 16]) } }
        #expect(rows.count == 32)
        for row in rows { #expect(Set(row) == Set(0..<16)) }
    }

    @Test func classicTextbookVector() throws {
        let des = try DES(key: hex("133457799BBCDFF1"))
        #expect(des.encryptBlock(0x0123_4567_89AB_CDEF) == 0x85E8_1354_0F0A_B405)
        #expect(des.decryptBlock(0x85E8_1354_0F0A_B405) == 0x0123_4567_89AB_CDEF)
    }

    /// NIST SP 800-17 / SP 800-20 variable-plaintext known-answer test: key 0101…01 (all parity, zero key
    /// bits), plaintext with a single bit set.
    @Test func variablePlaintextKnownAnswers() throws {
        let des = try DES(key: hex("0101010101010101"))
        let expected: [(UInt64, UInt64)] = [
            (0x8000_0000_0000_0000, 0x95F8_A5E5_DD31_D900),
            (0x4000_0000_0000_0000, 0xDD7F_121C_A501_5619),
            (0x2000_0000_0000_0000, 0x2E86_5310_4F38_34EA),
            (0x1000_0000_0000_0000, 0x4BD3_88FF_6CD8_1D4F),
            (0x0000_0000_0000_0001, 0x166B_40B4_4ABA_4BD6),
        ]
        for (plain, cipher) in expected {
            #expect(des.encryptBlock(plain) == cipher)
            #expect(des.decryptBlock(cipher) == plain)
        }
    }

    /// SP 800-20 variable-key known-answer test: plaintext zero, key with one non-parity bit set.
    @Test func variableKeyKnownAnswers() throws {
        let cases: [(String, UInt64)] = [
            ("8001010101010101", 0x95A8_D728_13DA_A94D),
            ("4001010101010101", 0x0EEC_1487_DD8C_26D5),
            ("2001010101010101", 0x7AD1_6FFB_79C4_5926),
            ("0101010101010102", 0x869E_FD7F_9F26_5A09),
        ]
        for (key, cipher) in cases {
            #expect(try DES(key: hex(key)).encryptBlock(0) == cipher)
        }
    }

    /// SP 800-67 (Triple-DES) worked example: three distinct keys and its plaintext, typo included, in ECB.
    @Test func tripleDESSampleFromSP80067() throws {
        let cipher = try TripleDES(key: hex("0123456789ABCDEF23456789ABCDEF01456789ABCDEF0123"))
        let plain = Array("The qufck brown fox jump".utf8)
        let expected = hex("A826FD8CE53B855FCCE21C8112256FE668D5C05DD9B6B900")
        var output = [UInt8]()
        for offset in stride(from: 0, to: plain.count, by: 8) {
            let block = plain[offset..<offset + 8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let encrypted = cipher.encryptBlock(block)
            for shift in stride(from: 56, through: 0, by: -8) { output.append(UInt8(truncatingIfNeeded: encrypted >> UInt64(shift))) }
        }
        #expect(output == expected)
    }

    @Test func tripleDESWithThreeEqualKeysIsSingleDES() throws {
        let key = hex("133457799BBCDFF1")
        let triple = try TripleDES(key: key + key + key)
        #expect(triple.encryptBlock(0x0123_4567_89AB_CDEF) == 0x85E8_1354_0F0A_B405)
    }

    @Test func cbcRoundTripsEveryLengthAndPadsWholeBlocks() throws {
        let cipher = try TripleDES(key: (0..<24).map { UInt8($0 * 7) })
        let iv: [UInt8] = [1, 2, 3, 4, 5, 6, 7, 8]
        for length in 0...33 {
            let plain = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            let sealed = try cipher.encryptCBC(plain, iv: iv)
            #expect(sealed.count == (length / 8 + 1) * 8)
            #expect(try cipher.decryptCBC(sealed, iv: iv) == plain)
        }
    }

    @Test func refusesBadKeysIVsLengthsAndPadding() throws {
        #expect(throws: LegacyCipherError.keyLength(expected: 8, actual: 7)) { try DES(key: [UInt8](repeating: 1, count: 7)) }
        #expect(throws: LegacyCipherError.keyLength(expected: 24, actual: 16)) { try TripleDES(key: [UInt8](repeating: 1, count: 16)) }
        let des = try DES(key: hex("133457799BBCDFF1"))
        #expect(throws: LegacyCipherError.ivLength(expected: 8, actual: 16)) { try des.encryptCBC([1], iv: [UInt8](repeating: 0, count: 16)) }
        #expect(throws: LegacyCipherError.ciphertextLength(0)) { try des.decryptCBC([], iv: [UInt8](repeating: 0, count: 8)) }
        #expect(throws: LegacyCipherError.ciphertextLength(9)) { try des.decryptCBC([UInt8](repeating: 0, count: 9), iv: [UInt8](repeating: 0, count: 8)) }
        var sealed = try des.encryptCBC(Array("hello".utf8), iv: [UInt8](repeating: 0, count: 8))
        sealed[sealed.count - 1] ^= 0x55
        #expect(throws: LegacyCipherError.badPadding) { try des.decryptCBC(sealed, iv: [UInt8](repeating: 0, count: 8)) }
    }

    /// `openssl enc` is an independent DES: the same key, IV and random plaintext must give the same
    /// ciphertext, and each side must decrypt the other's.
    @Test(
        .enabled(if: ExternalCommand.openssl != nil, "openssl is not installed"),
        arguments: [("-des-cbc", 8), ("-des-ede3-cbc", 24)]
    )
    func matchesOpenSSLEncOnRandomData(_ cipherName: String, _ keySize: Int) throws {
        let openssl = try #require(ExternalCommand.openssl)
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        for length in [0, 1, 7, 8, 9, 64, 1000, 65_536 + 3] {
            let key = SecureRandomBytes.make(keySize)
            let iv = SecureRandomBytes.make(8)
            let plain = SecureRandomBytes.make(length)
            try scratch.write("plain.bin", plain)
            // OpenSSL 3 keeps single DES in the legacy provider; naming it replaces the defaults, so both.
            let providers = cipherName == "-des-cbc" ? ["-provider", "legacy", "-provider", "default"] : []
            let encrypted = try openssl.run(
                ["enc", cipherName, "-K", hexString(key), "-iv", hexString(iv), "-in", "plain.bin", "-out", "cipher.bin"] + providers,
                in: scratch.url
            )
            try #require(encrypted.succeeded, "\(encrypted.diagnostic)")
            let theirs = try scratch.read("cipher.bin")
            let cipher: any LegacyBlockCipher = keySize == 8 ? try DES(key: key) : try TripleDES(key: key)
            let ours = try cipher.encryptCBC(plain, iv: iv)
            #expect(ours == theirs, "\(cipherName) \(length) bytes")
            #expect(try cipher.decryptCBC(theirs, iv: iv) == plain)

            try scratch.write("ours.bin", ours)
            let decrypted = try openssl.run(
                ["enc", "-d", cipherName, "-K", hexString(key), "-iv", hexString(iv), "-in", "ours.bin", "-out", "back.bin"] + providers,
                in: scratch.url
            )
            #expect(decrypted.succeeded, "\(decrypted.diagnostic)")
            #expect(try scratch.read("back.bin") == plain)
        }
    }
}
