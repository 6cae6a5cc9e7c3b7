import _CryptoExtras
import Foundation
import PKI
import Testing
import X509

/// Every parser refuses malformed, truncated, deeply nested and oversized input with a typed error,
/// and never crashes or hangs.
@Suite struct CMSHostileInputTests {
    static let signer = try! TestIdentity.leaf("hostile", issuedBy: TestIdentity.sharedCA)
    static let content = Array("content under attack".utf8)
    static let signed = try! CMSSignedData.sign(
        content, signer: try! CMSSigner(certificate: signer.certificate, privateKey: signer.privateKey), detached: false
    )
    static let enveloped = try! CMSEnvelopedData.encrypt(content, to: [signer.certificate], algorithm: .desEDE3CBC)

    @Test func everyTruncationIsRefused() {
        for length in 0..<Self.signed.count {
            #expect(throws: CMSError.self) { try CMSSignedData(berEncoded: Array(Self.signed.prefix(length))) }
        }
        for length in 0..<Self.enveloped.count {
            #expect(throws: CMSError.self) { try CMSEnvelopedData(berEncoded: Array(Self.enveloped.prefix(length))) }
        }
    }

    @Test func flippedBytesNeverCrashAndNeverVerifyAsAnotherContentOrSigner() throws {
        let key = try _RSA.Encryption.PrivateKey(derRepresentation: Self.signer.rsaKey!.derRepresentation)
        for position in 0..<Self.signed.count {
            var damaged = Self.signed
            damaged[position] ^= 0x01 << UInt8(position % 8)
            guard let message = try? CMSSignedData(berEncoded: damaged), let first = message.signers.first else { continue }
            if let certificate = try? message.verify(first) {
                // Only a flip outside what the signature covers (the embedded certificate's own signature,
                // say) may still verify, and then the signer and content must be unchanged.
                #expect(certificate.publicKey == Self.signer.certificate.publicKey, "byte \(position)")
                #expect(message.content == Self.content, "byte \(position)")
            }
        }
        for position in stride(from: 0, to: Self.enveloped.count, by: 3) {
            var damaged = Self.enveloped
            damaged[position] ^= 0x80
            guard let message = try? CMSEnvelopedData(berEncoded: damaged) else { continue }
            _ = try? message.decrypt(privateKey: key, certificate: Self.signer.certificate)
        }
    }

    @Test func deepNestingIsRefusedNotRecursedInto() {
        // Indefinite-length nesting costs two bytes a level; a hundred thousand levels is 200 KB.
        let levels = 100_000
        var indefinite = [UInt8]()
        for _ in 0..<levels { indefinite += [0x30, 0x80] }
        for _ in 0..<levels { indefinite += [0x00, 0x00] }
        #expect(throws: CMSError.self) { try CMSSignedData(berEncoded: indefinite) }
        #expect(throws: CMSError.self) { try CMSEnvelopedData(berEncoded: indefinite) }

        // Definite-length nesting, built inside out.
        var definite: [UInt8] = [0x05, 0x00]
        for _ in 0..<200 {
            definite = [0x30] + Self.length(definite.count) + definite
        }
        #expect(throws: CMSError.self) { try CMSSignedData(berEncoded: definite) }
    }

    @Test func oversizedInputsAndLengthClaimsAreRefusedUpFront() {
        let huge = [UInt8](repeating: 0x30, count: CMSSignedData.defaultSizeLimit + 1)
        #expect(throws: CMSError.tooLarge(size: huge.count, limit: CMSSignedData.defaultSizeLimit)) { try CMSSignedData(berEncoded: huge) }
        #expect(throws: CMSError.tooLarge(size: 100, limit: 10)) { try CMSEnvelopedData(berEncoded: [UInt8](repeating: 0, count: 100), sizeLimit: 10) }
        // A length field claiming four gigabytes must not allocate or wait for them.
        #expect(throws: CMSError.self) { try CMSSignedData(berEncoded: [0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF, 0x06, 0x00]) }
        #expect(throws: CMSError.self) { try CMSSignedData(berEncoded: [0x30, 0x89, 0x01, 0, 0, 0, 0, 0, 0, 0, 0]) }
        #expect(throws: CMSError.self) { try CMSSignedData(berEncoded: []) }
        // Trailing garbage after a valid message.
        #expect(throws: CMSError.self) { try CMSSignedData(berEncoded: Self.signed + [0x00]) }
    }

    @Test func aMessageWithTooManyCertificatesIsRefused() throws {
        let many = [Certificate](repeating: Self.signer.certificate, count: 65)
        // DER sorting keeps duplicates, so this really carries 65 certificates.
        let der = try CMSSignedData.certificatesOnly(many)
        #expect(throws: CMSError.tooManyElements("certificates", limit: 64)) { try CMSSignedData(berEncoded: der) }
    }

    @Test func envelopedDataIsNotAcceptedAsSignedDataOrTheReverse() {
        #expect(throws: CMSError.unexpectedContentType(CMSObjectIdentifier.envelopedData)) { try CMSSignedData(berEncoded: Self.enveloped) }
        #expect(throws: CMSError.unexpectedContentType(CMSObjectIdentifier.signedData)) { try CMSEnvelopedData(berEncoded: Self.signed) }
    }

    static func length(_ count: Int) -> [UInt8] {
        if count < 128 { return [UInt8(count)] }
        if count < 256 { return [0x81, UInt8(count)] }
        return [0x82, UInt8(count >> 8), UInt8(count & 0xFF)]
    }
}
