/// Why a DES or Triple-DES operation was refused.
///
/// These ciphers exist only so Palisade can answer old SCEP clients; every refusal is about the shape of
/// the input (wrong key or IV length, ciphertext not a whole number of blocks, padding that does not
/// check out), never a silent truncation.
public enum LegacyCipherError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The key had `actual` bytes where the cipher needs `expected`.
    case keyLength(expected: Int, actual: Int)
    /// The initialisation vector had `actual` bytes where CBC needs one block (8).
    case ivLength(expected: Int, actual: Int)
    /// The ciphertext was empty or not a multiple of the 8-byte block.
    case ciphertextLength(Int)
    /// The last block did not end in valid PKCS#7 padding: wrong key, wrong IV, or damaged data.
    case badPadding

    public var description: String {
        switch self {
        case .keyLength(let expected, let actual): "key is \(actual) bytes, expected \(expected)"
        case .ivLength(let expected, let actual): "IV is \(actual) bytes, expected \(expected)"
        case .ciphertextLength(let count): "ciphertext of \(count) bytes is not a positive multiple of 8"
        case .badPadding: "PKCS#7 padding is invalid (wrong key or corrupted ciphertext)"
        }
    }
}
