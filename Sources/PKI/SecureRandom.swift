/// Cryptographically secure random bytes for keys, IVs and nonces.
///
/// `SystemRandomNumberGenerator` reads the operating system's CSPRNG (getrandom on Linux,
/// arc4random on Apple platforms), which is what key material needs.
enum SecureRandom {
    static func bytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        var output = [UInt8]()
        output.reserveCapacity(count + 8)
        while output.count < count {
            let word = generator.next()
            for shift in stride(from: 0, to: 64, by: 8) { output.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        return Array(output.prefix(count))
    }
}
