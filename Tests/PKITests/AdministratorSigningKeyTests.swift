import Foundation
import PalisadeCore
import PKI
import Testing

/// Administrators' signing keys: made, read back, signing and verifying, and understood by OpenSSL.
@Suite struct AdministratorSigningKeyTests {
    @Test(.enabled(if: ExternalCommand.opensslRuns, "openssl is not installed"), arguments: AdministratorKey.Algorithm.allCases)
    func aGeneratedKeySignsWhatItsPublicHalfVerifiesAndNothingElse(_ algorithm: AdministratorKey.Algorithm) throws {
        let (privatePEM, publicPEM) = AdministratorSigningKey.generate(algorithm)
        let (parsed, spki) = try AdministratorSigningKey.parsePublicKey(pem: publicPEM)
        #expect(parsed == algorithm)
        let message = Array("approve erase of device 42".utf8)
        let (signedWith, signature) = try AdministratorSigningKey.sign(message, privateKeyPEM: privatePEM)
        #expect(signedWith == algorithm)
        #expect(AdministratorSigningKey.verify(signature, over: message, algorithm: algorithm, spki: spki))
        #expect(!AdministratorSigningKey.verify(signature, over: Array("approve erase of device 43".utf8), algorithm: algorithm, spki: spki))
        let other = try AdministratorSigningKey.parsePublicKey(pem: AdministratorSigningKey.generate(algorithm).publicPEM).spki
        #expect(!AdministratorSigningKey.verify(signature, over: message, algorithm: algorithm, spki: other))
        #expect(AdministratorSigningKey.fingerprint(spki: spki).hasPrefix("sha256:"))
        #expect(AdministratorSigningKey.fingerprint(spki: spki) != AdministratorSigningKey.fingerprint(spki: other))
    }

    @Test func notAKeyIsRefusedWithAReason() {
        #expect(throws: AdministratorSigningKey.KeyError.self) { try AdministratorSigningKey.parsePublicKey(pem: "hello") }
        #expect(throws: AdministratorSigningKey.KeyError.self) {
            try AdministratorSigningKey.parsePublicKey(pem: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")
        }
        #expect(throws: AdministratorSigningKey.KeyError.self) { try AdministratorSigningKey.sign([1], privateKeyPEM: "nope") }
    }

    @Test(.enabled(if: ExternalCommand.opensslRuns, "openssl is not installed"), arguments: AdministratorKey.Algorithm.allCases)
    func openSSLVerifiesTheSignaturesAndReadsTheKeys(_ algorithm: AdministratorKey.Algorithm) throws {
        let openssl = try #require(ExternalCommand.openssl, "openssl is not installed")
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let (privatePEM, publicPEM) = AdministratorSigningKey.generate(algorithm)
        let message = Array("statement".utf8)
        let signature = try AdministratorSigningKey.sign(message, privateKeyPEM: privatePEM).signature
        try directory.write("public.pem", Array(publicPEM.utf8))
        try directory.write("private.pem", Array(privatePEM.utf8))
        try directory.write("message", message)
        try directory.write("signature", signature)
        // OpenSSL reads the private key we wrote and derives the same public key.
        let derived = try openssl.run(["pkey", "-in", "private.pem", "-pubout"], in: directory.url)
        #expect(derived.succeeded, "\(derived.diagnostic)")
        #expect(derived.text == publicPEM)
        let verified = switch algorithm {
        case .ed25519:
            try openssl.run(["pkeyutl", "-verify", "-pubin", "-inkey", "public.pem", "-rawin", "-in", "message", "-sigfile", "signature"], in: directory.url)
        case .p256:
            try openssl.run(["dgst", "-sha256", "-verify", "public.pem", "-signature", "signature", "message"], in: directory.url)
        }
        #expect(verified.succeeded, "\(verified.diagnostic)")
    }
}
