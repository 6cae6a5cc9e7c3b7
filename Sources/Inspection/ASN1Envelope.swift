/// The outer shape of a DER or BER encoding: one SEQUENCE spanning exactly the bytes given.
///
/// The edge checks only this much of SCEP messages, and of `Mdm-Signature` before reading its signing time
/// (`CMSSigningTime`); the CMS inside is the core's to verify. Apple's CMS encoder writes BER indefinite lengths (`30 80 … 00 00`), so
/// those are accepted as well as definite ones.
enum ASN1Envelope {
    static func isSingleSequence(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { isSingleSequence($0) }
    }

    static func isSingleSequence(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count >= 2, bytes[0] == 0x30 else { return false }
        let first = bytes[1]
        if first == 0x80 {
            // Indefinite length: content, then the end-of-contents octets.
            return bytes.count >= 4 && bytes[bytes.count - 2] == 0 && bytes[bytes.count - 1] == 0
        }
        if first < 0x80 {
            return Int(first) == bytes.count - 2 && first > 0
        }
        let lengthBytes = Int(first & 0x7F)
        guard (1...4).contains(lengthBytes), bytes.count > 2 + lengthBytes else { return false }
        var length = 0
        for byte in bytes[2..<(2 + lengthBytes)] {
            length = length << 8 | Int(byte)
        }
        return length > 0 && length == bytes.count - 2 - lengthBytes
    }
}
