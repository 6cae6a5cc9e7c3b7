import _CryptoExtras
import Foundation
import PKI
import Testing
import X509

/// EnvelopedData against OpenSSL's `cms -encrypt/-decrypt` and Python's `cryptography`.
@Suite(.enabled(if: ExternalCommand.openssl != nil, "openssl is not installed: EnvelopedData interoperability not tested"))
struct CMSEnvelopedDataInteropTests {
    /// OpenSSL 3 moved single DES into the legacy provider; loading it replaces the default set, so the
    /// default provider must be named again.
    static let legacyProviders = ["-provider", "legacy", "-provider", "default"]

    struct OpenSSLEncryption: CustomTestStringConvertible, Sendable {
        let cipherFlag: String
        let expected: CMSContentEncryptionAlgorithm
        let streamed: Bool
        let keyOptions: [String]
        var testDescription: String { "\(cipherFlag)\(streamed ? " BER" : " DER") \(keyOptions.joined(separator: " "))" }
    }

    static let openSSLEncryptions: [OpenSSLEncryption] = {
        let ciphers: [(String, CMSContentEncryptionAlgorithm)] = [
            ("-aes128", .aes128CBC), ("-aes192", .aes192CBC), ("-aes256", .aes256CBC), ("-des3", .desEDE3CBC), ("-des", .desCBC),
        ]
        var cases = ciphers.flatMap { flag, algorithm in
            [false, true].map { OpenSSLEncryption(cipherFlag: flag, expected: algorithm, streamed: $0, keyOptions: []) }
        }
        cases.append(.init(cipherFlag: "-aes256", expected: .aes256CBC, streamed: false, keyOptions: ["-keyopt", "rsa_padding_mode:oaep"]))
        cases.append(.init(
            cipherFlag: "-aes128", expected: .aes128CBC, streamed: true,
            keyOptions: ["-keyopt", "rsa_padding_mode:oaep", "-keyopt", "rsa_oaep_md:sha256"]
        ))
        return cases
    }()

    @Test(arguments: openSSLEncryptions)
    func decryptsWhatOpenSSLEncrypts(_ encryption: OpenSSLEncryption) throws {
        let openssl = try #require(ExternalCommand.openssl)
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let recipient = try Self.recipient()
        try recipient.write(as: "recipient", to: scratch)
        let content = SecureRandomBytes.make(3000)
        try scratch.write("content.bin", content)

        var arguments = ["cms", "-encrypt", "-in", "content.bin", "-binary", encryption.cipherFlag, "-outform", "DER", "-out", "enveloped.der"]
        if encryption.cipherFlag == "-des" { arguments += Self.legacyProviders }
        if encryption.streamed { arguments.append("-stream") }
        arguments += ["-recip", "recipient.pem"] + encryption.keyOptions
        let encrypted = try openssl.run(arguments, in: scratch.url)
        try #require(encrypted.succeeded, "\(encrypted.diagnostic)")

        let bytes = try scratch.read("enveloped.der")
        if encryption.streamed { #expect(bytes[1] == 0x80, "-stream should produce indefinite-length BER") }
        let enveloped = try CMSEnvelopedData(berEncoded: bytes)
        #expect(enveloped.contentEncryptionAlgorithm == encryption.expected)
        let key = try Self.decryptionKey(recipient)
        #expect(try enveloped.decrypt(privateKey: key, certificate: recipient.certificate) == content)
        #expect(try enveloped.decrypt(privateKey: key, certificate: nil) == content)
    }

    @Test(arguments: [
        (CMSContentEncryptionAlgorithm.aes128CBC, CMSKeyTransport.rsaPKCS1v15),
        (.aes192CBC, .rsaPKCS1v15), (.aes256CBC, .rsaPKCS1v15), (.desEDE3CBC, .rsaPKCS1v15), (.desCBC, .rsaPKCS1v15),
        (.aes256CBC, .rsaOAEP), (.aes256CBC, .rsaOAEPSHA256),
    ])
    func openSSLDecryptsWhatPalisadeEncrypts(_ algorithm: CMSContentEncryptionAlgorithm, _ transport: CMSKeyTransport) throws {
        let openssl = try #require(ExternalCommand.openssl)
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let recipient = try Self.recipient()
        let bystander = try TestIdentity.leaf("bystander", issuedBy: TestIdentity.sharedCA)
        try recipient.write(as: "recipient", to: scratch)
        for length in [0, 1, 15, 16, 17, 5000] {
            let content = SecureRandomBytes.make(length)
            let der = try CMSEnvelopedData.encrypt(
                content, to: [bystander.certificate, recipient.certificate], algorithm: algorithm, keyTransport: transport
            )
            try scratch.write("enveloped.der", der)
            var arguments = ["cms", "-decrypt", "-inform", "DER", "-in", "enveloped.der", "-recip", "recipient.pem",
                             "-inkey", "recipient.key", "-binary", "-out", "recovered.bin"]
            if algorithm == .desCBC { arguments += Self.legacyProviders }
            let decrypted = try openssl.run(arguments, in: scratch.url)
            #expect(decrypted.succeeded, "\(length) bytes: \(decrypted.diagnostic)")
            #expect(try scratch.read("recovered.bin") == content, "\(length) bytes")
        }
    }

    @Test(.enabled(if: ExternalCommand.pythonRuns, "python3 with cryptography is not installed: pip install cryptography pyasn1 (.ci/run does)"))
    func interoperatesWithPythonCryptography() throws {
        let python = try #require(ExternalCommand.python)
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let recipient = try Self.recipient()
        try recipient.write(as: "recipient", to: scratch)
        let content = Array("a SCEP request would go here".utf8)
        try scratch.write("content.bin", content)
        try scratch.write("palisade.der", try CMSEnvelopedData.encrypt(content, to: [recipient.certificate], algorithm: .aes128CBC))
        let script = """
        from cryptography import x509
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.ciphers import algorithms
        from cryptography.hazmat.primitives.serialization import pkcs7
        cert = x509.load_pem_x509_certificate(open("recipient.pem", "rb").read())
        key = serialization.load_pem_private_key(open("recipient.key", "rb").read(), None)
        data = open("content.bin", "rb").read()
        for name, algorithm in [("aes128", algorithms.AES128), ("aes256", algorithms.AES256)]:
            out = pkcs7.PKCS7EnvelopeBuilder().set_data(data).set_content_encryption_algorithm(algorithm).add_recipient(cert).encrypt(
                serialization.Encoding.DER, [pkcs7.PKCS7Options.Binary])
            open(name + ".der", "wb").write(out)
        plain = pkcs7.pkcs7_decrypt_der(open("palisade.der", "rb").read(), cert, key, [])
        open("python-recovered.bin", "wb").write(plain)
        """
        let ran = try python.run(["-c", script], in: scratch.url)
        try #require(ran.succeeded, "\(ran.diagnostic)")
        #expect(try scratch.read("python-recovered.bin") == content)
        let key = try Self.decryptionKey(recipient)
        for name in ["aes128", "aes256"] {
            let enveloped = try CMSEnvelopedData(berEncoded: scratch.read("\(name).der"))
            #expect(try enveloped.decrypt(privateKey: key, certificate: recipient.certificate) == content, "\(name)")
        }
    }

    @Test func refusesWrongRecipientsWrongKeysAndTamperedCiphertext() throws {
        let recipient = try Self.recipient()
        let other = try TestIdentity.leaf("other", issuedBy: TestIdentity.sharedCA)
        let content = SecureRandomBytes.make(100)
        for algorithm in CMSContentEncryptionAlgorithm.allCases {
            let der = try CMSEnvelopedData.encrypt(content, to: [recipient.certificate], algorithm: algorithm)
            let enveloped = try CMSEnvelopedData(berEncoded: der)
            #expect(throws: CMSError.noMatchingRecipient) {
                try enveloped.decrypt(privateKey: try Self.decryptionKey(other), certificate: other.certificate)
            }
            // The right recipient entry with the wrong key: the RSA failure is hidden behind a stand-in key,
            // so the answer is decryptionFailed or (when the stand-in happens to leave valid CBC padding,
            // about one time in 256) garbage, never the content and never a distinct error.
            do {
                let garbage = try enveloped.decrypt(privateKey: try Self.decryptionKey(other), certificate: recipient.certificate)
                #expect(garbage != content)
            } catch {
                #expect(error as? CMSError == .decryptionFailed)
            }
            // Flipping the top bit of the penultimate ciphertext byte of the last-but-one block flips the
            // same bit of the final padding byte, which makes the padding invalid every time.
            var tampered = enveloped
            tampered.encryptedContent[tampered.encryptedContent.count - algorithm.blockSize - 1] ^= 0x80
            #expect(throws: CMSError.decryptionFailed) {
                try tampered.decrypt(privateKey: try Self.decryptionKey(recipient), certificate: recipient.certificate)
            }
        }
        let p256 = try TestIdentity.leaf("ec", kind: .p256, issuedBy: TestIdentity.sharedCA)
        #expect(throws: CMSError.unsupportedRecipientKey) { try CMSEnvelopedData.encrypt(content, to: [p256.certificate]) }
    }

    static func recipient() throws -> TestIdentity {
        try TestIdentity.leaf("recipient", issuedBy: TestIdentity.sharedCA)
    }

    static func decryptionKey(_ identity: TestIdentity) throws -> _RSA.Encryption.PrivateKey {
        try _RSA.Encryption.PrivateKey(derRepresentation: identity.rsaKey!.derRepresentation)
    }
}
