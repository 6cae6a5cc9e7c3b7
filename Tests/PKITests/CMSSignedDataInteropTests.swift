import Foundation
import PKI
import SwiftASN1
import Testing
import X509

/// SignedData against OpenSSL's `cms` command and Python's `cryptography`, two independent implementations.
@Suite(.enabled(if: ExternalCommand.openssl != nil, "openssl is not installed: CMS interoperability not tested"))
struct CMSSignedDataInteropTests {
    struct OpenSSLSigning: CustomTestStringConvertible, Sendable {
        let kind: TestIdentity.KeyKind
        let digest: String
        let options: [String]
        var testDescription: String { "\(kind) \(digest) \(options.joined(separator: " "))" }
    }

    static let openSSLSignings: [OpenSSLSigning] = [
        .init(kind: .rsa, digest: "sha256", options: ["-binary"]),
        .init(kind: .rsa, digest: "sha1", options: ["-binary"]),
        .init(kind: .rsa, digest: "sha384", options: ["-binary", "-nosmimecap"]),
        .init(kind: .rsa, digest: "sha512", options: ["-binary", "-nodetach"]),
        .init(kind: .rsa, digest: "sha256", options: ["-binary", "-noattr"]),
        .init(kind: .rsa, digest: "sha1", options: ["-binary", "-noattr", "-nodetach"]),
        .init(kind: .rsa, digest: "sha256", options: ["-binary", "-nodetach", "-stream"]),
        .init(kind: .rsa, digest: "sha256", options: ["-binary", "-nodetach", "-stream", "-noattr"]),
        .init(kind: .rsa, digest: "sha256", options: ["-binary", "-keyid"]),
        .init(kind: .p256, digest: "sha256", options: ["-binary"]),
        .init(kind: .p256, digest: "sha1", options: ["-binary", "-nodetach"]),
        .init(kind: .p256, digest: "sha256", options: ["-binary", "-noattr", "-nodetach", "-stream"]),
        .init(kind: .p384, digest: "sha384", options: ["-binary", "-nosmimecap"]),
        .init(kind: .p384, digest: "sha256", options: ["-binary", "-keyid", "-nodetach"]),
    ]

    @Test(arguments: openSSLSignings)
    func verifiesWhatOpenSSLSigns(_ signing: OpenSSLSigning) throws {
        let openssl = try #require(ExternalCommand.openssl)
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let signer = try TestIdentity.leaf("openssl signer", kind: signing.kind, issuedBy: TestIdentity.sharedCA)
        try signer.write(as: "signer", to: scratch)
        let content = SecureRandomBytes.make(1500) + Array("\r\n\n trailing".utf8)
        try scratch.write("content.bin", content)

        let signed = try openssl.run(
            ["cms", "-sign", "-in", "content.bin", "-signer", "signer.pem", "-inkey", "signer.key", "-md", signing.digest,
             "-outform", "DER", "-out", "signature.der"] + signing.options,
            in: scratch.url
        )
        try #require(signed.succeeded, "\(signed.diagnostic)")
        let message = try CMSSignedData(berEncoded: scratch.read("signature.der"))
        #expect(message.signers.count == 1)
        let attached = signing.options.contains("-nodetach")
        #expect((message.content != nil) == attached)
        #expect((message.signers[0].signedAttributes == nil) == signing.options.contains("-noattr"))

        let certificate = try message.verify(message.signers[0], detachedContent: attached ? nil : content)
        #expect(certificate == signer.certificate)
        if attached { #expect(message.content == content) }

        // Other content must fail: a digest mismatch, a bad raw signature, or (attached) a content clash.
        var other = content
        other[0] ^= 1
        #expect(throws: CMSError.self) { try message.verify(message.signers[0], detachedContent: other) }
    }

    struct PalisadeSigning: CustomTestStringConvertible, Sendable {
        let kind: TestIdentity.KeyKind
        let digest: CMSDigestAlgorithm
        let detached: Bool
        let naming: CMSSigner.RSAAlgorithmName
        var testDescription: String { "\(kind) \(digest) \(detached ? "detached" : "attached") \(naming)" }
    }

    static let palisadeSignings: [PalisadeSigning] = [
        .init(kind: .rsa, digest: .sha256, detached: true, naming: .rsaEncryption),
        .init(kind: .rsa, digest: .sha256, detached: false, naming: .hashWithRSAEncryption),
        .init(kind: .rsa, digest: .sha1, detached: true, naming: .hashWithRSAEncryption),
        .init(kind: .rsa, digest: .sha1, detached: false, naming: .rsaEncryption),
        .init(kind: .rsa, digest: .sha512, detached: true, naming: .rsaEncryption),
        .init(kind: .p256, digest: .sha256, detached: true, naming: .rsaEncryption),
        .init(kind: .p256, digest: .sha256, detached: false, naming: .rsaEncryption),
        .init(kind: .p384, digest: .sha384, detached: true, naming: .rsaEncryption),
    ]

    @Test(arguments: palisadeSignings)
    func openSSLVerifiesWhatPalisadeSigns(_ signing: PalisadeSigning) throws {
        let openssl = try #require(ExternalCommand.openssl)
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let ca = TestIdentity.sharedCA
        try scratch.write("ca.pem", ca.certificatePEM)
        let signer = try TestIdentity.leaf("palisade signer", kind: signing.kind, issuedBy: ca)
        let content = SecureRandomBytes.make(4000)
        try scratch.write("content.bin", content)
        let extra = try CMSAttribute.printableString(try ASN1ObjectIdentifier(dotRepresentation: "2.16.840.1.113733.1.9.7"), "TX-1234")
        let der = try CMSSignedData.sign(
            content,
            signer: CMSSigner(certificate: signer.certificate, privateKey: signer.privateKey, digest: signing.digest, rsaAlgorithmName: signing.naming),
            detached: signing.detached,
            additionalSignedAttributes: [extra],
            certificates: [signer.certificate, ca.certificate]
        )
        try scratch.write("signature.der", der)

        var arguments = ["cms", "-verify", "-inform", "DER", "-in", "signature.der", "-CAfile", "ca.pem", "-binary", "-out", "recovered.bin"]
        if signing.detached { arguments += ["-content", "content.bin"] }
        let verified = try openssl.run(arguments, in: scratch.url)
        #expect(verified.succeeded, "\(verified.diagnostic)")
        #expect(try scratch.read("recovered.bin") == content)

        // The custom attribute survives and reads back.
        let parsed = try CMSSignedData(berEncoded: der)
        #expect(parsed.signers[0].signedAttribute(extra.type)?.stringValue == "TX-1234")
        #expect(parsed.certificates.count == 2)

        // OpenSSL refuses the signature over altered content, so it is really checking.
        if signing.detached {
            var altered = content
            altered[100] ^= 0x80
            try scratch.write("altered.bin", altered)
            let refused = try openssl.run(
                ["cms", "-verify", "-inform", "DER", "-in", "signature.der", "-CAfile", "ca.pem", "-binary", "-content", "altered.bin"],
                in: scratch.url
            )
            #expect(!refused.succeeded)
        }
    }

    @Test func openSSLReadsCertsOnlyWithSeveralCertificates() throws {
        let openssl = try #require(ExternalCommand.openssl)
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let ca = TestIdentity.sharedCA
        let ra = try TestIdentity.leaf("Palisade RA", issuedBy: ca)
        let der = try CMSSignedData.certificatesOnly([ca.certificate, ra.certificate])
        try scratch.write("certs.p7b", der)
        let printed = try openssl.run(["pkcs7", "-inform", "DER", "-in", "certs.p7b", "-print_certs", "-noout"], in: scratch.url)
        #expect(printed.succeeded, "\(printed.diagnostic)")
        #expect(printed.text.contains("Palisade Test CA"))
        #expect(printed.text.contains("Palisade RA"))

        let parsed = try CMSSignedData(berEncoded: der)
        #expect(parsed.signers.isEmpty)
        #expect(parsed.content == nil)
        #expect(Set(parsed.certificates) == [ca.certificate, ra.certificate])
        #expect(throws: CMSError.noSigners) { try parsed.verifyAllSigners() }
    }

    @Test(.enabled(if: ExternalCommand.pythonRuns, "python3 with cryptography is not installed: pip install cryptography pyasn1 (.ci/run does)"))
    func verifiesWhatPythonCryptographySigns() throws {
        let python = try #require(ExternalCommand.python)
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        for kind in [TestIdentity.KeyKind.rsa, .p256] {
            let signer = try TestIdentity.leaf("python signer", kind: kind, issuedBy: TestIdentity.sharedCA)
            try signer.write(as: "signer", to: scratch)
            let content = Array("<?xml version=\"1.0\"?><plist><dict/></plist>".utf8)
            try scratch.write("content.bin", content)
            let script = """
            from cryptography import x509
            from cryptography.hazmat.primitives import hashes, serialization
            from cryptography.hazmat.primitives.serialization import pkcs7
            cert = x509.load_pem_x509_certificate(open("signer.pem", "rb").read())
            key = serialization.load_pem_private_key(open("signer.key", "rb").read(), None)
            data = open("content.bin", "rb").read()
            for name, options in [("detached", [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary]),
                                  ("attached", [pkcs7.PKCS7Options.Binary]),
                                  ("noattrs", [pkcs7.PKCS7Options.Binary, pkcs7.PKCS7Options.NoAttributes])]:
                out = pkcs7.PKCS7SignatureBuilder().set_data(data).add_signer(cert, key, hashes.SHA256()).sign(
                    serialization.Encoding.DER, options)
                open(name + ".der", "wb").write(out)
            """
            let ran = try python.run(["-c", script], in: scratch.url)
            try #require(ran.succeeded, "\(ran.diagnostic)")
            for name in ["detached", "attached", "noattrs"] {
                let message = try CMSSignedData(berEncoded: scratch.read("\(name).der"))
                let certificate = try message.verify(message.signers[0], detachedContent: name == "detached" ? content : nil)
                #expect(certificate == signer.certificate, "\(kind) \(name)")
            }
        }
    }
}
