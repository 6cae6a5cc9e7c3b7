import Foundation
import PKI
import SwiftASN1
import Testing
import X509

/// A SCEP request assembled from independent implementations: the CSR from `openssl req`, its envelope
/// from `openssl cms -encrypt`, and the signed pkiMessage from Python's `cryptography` (signing) and
/// `pyasn1` (structure), since OpenSSL's command line cannot add SCEP's signed attributes. The CertRep is
/// then checked with OpenSSL alone.
///
/// (micromdm's `scepclient`, installed as /usr/bin/scepclient, needs the HTTP endpoint; the end-to-end
/// run against it belongs with the HTTP layer.)
@Suite(.enabled(
    if: ExternalCommand.opensslRuns && ExternalCommand.pythonRuns,
    "openssl and python3 with cryptography + pyasn1 are needed for the SCEP interoperability test"
))
struct SCEPInteropTests {
    static let pkiMessageScript = #"""
    import sys
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding
    from pyasn1.type import univ, namedtype, tag, char, useful
    from pyasn1.codec.der import encoder

    digest_name, transaction_id, nonce_hex, out_path = sys.argv[1:5]
    digest = {"sha1": hashes.SHA1(), "sha256": hashes.SHA256()}[digest_name]
    digest_oid = {"sha1": "1.3.14.3.2.26", "sha256": "2.16.840.1.101.3.4.2.1"}[digest_name]
    cert = x509.load_pem_x509_certificate(open("self.pem", "rb").read())
    key = serialization.load_pem_private_key(open("device.key", "rb").read(), None)
    content = open("envelope.der", "rb").read()

    def context(number, constructed=True):
        return tag.Tag(tag.tagClassContext, tag.tagFormatConstructed if constructed else tag.tagFormatSimple, number)

    class AlgorithmIdentifier(univ.Sequence):
        componentType = namedtype.NamedTypes(
            namedtype.NamedType("algorithm", univ.ObjectIdentifier()),
            namedtype.OptionalNamedType("parameters", univ.Any()))

    class Attribute(univ.Sequence):
        componentType = namedtype.NamedTypes(
            namedtype.NamedType("type", univ.ObjectIdentifier()),
            namedtype.NamedType("values", univ.SetOf(componentType=univ.Any())))

    class SignedAttributes(univ.SetOf):
        componentType = Attribute()

    class IssuerAndSerialNumber(univ.Sequence):
        componentType = namedtype.NamedTypes(
            namedtype.NamedType("issuer", univ.Any()),
            namedtype.NamedType("serialNumber", univ.Integer()))

    class SignerInfo(univ.Sequence):
        componentType = namedtype.NamedTypes(
            namedtype.NamedType("version", univ.Integer()),
            namedtype.NamedType("sid", IssuerAndSerialNumber()),
            namedtype.NamedType("digestAlgorithm", AlgorithmIdentifier()),
            namedtype.NamedType("signedAttrs", SignedAttributes().subtype(implicitTag=context(0))),
            namedtype.NamedType("signatureAlgorithm", AlgorithmIdentifier()),
            namedtype.NamedType("signature", univ.OctetString()))

    class EncapsulatedContentInfo(univ.Sequence):
        componentType = namedtype.NamedTypes(
            namedtype.NamedType("eContentType", univ.ObjectIdentifier()),
            namedtype.NamedType("eContent", univ.OctetString().subtype(explicitTag=context(0))))

    class SignedData(univ.Sequence):
        componentType = namedtype.NamedTypes(
            namedtype.NamedType("version", univ.Integer()),
            namedtype.NamedType("digestAlgorithms", univ.SetOf(componentType=AlgorithmIdentifier())),
            namedtype.NamedType("encapContentInfo", EncapsulatedContentInfo()),
            namedtype.NamedType("certificates", univ.SetOf(componentType=univ.Any()).subtype(implicitTag=context(0))),
            namedtype.NamedType("signerInfos", univ.SetOf(componentType=SignerInfo())))

    class ContentInfo(univ.Sequence):
        componentType = namedtype.NamedTypes(
            namedtype.NamedType("contentType", univ.ObjectIdentifier()),
            namedtype.NamedType("content", univ.Any().subtype(explicitTag=context(0))))

    def attribute(oid, value):
        a = Attribute()
        a["type"] = univ.ObjectIdentifier(oid)
        a["values"].append(univ.Any(encoder.encode(value)))
        return a

    h = hashes.Hash(digest)
    h.update(content)
    attrs = SignedAttributes().subtype(implicitTag=context(0))
    for a in [
        attribute("1.2.840.113549.1.9.3", univ.ObjectIdentifier("1.2.840.113549.1.7.1")),
        attribute("1.2.840.113549.1.9.4", univ.OctetString(h.finalize())),
        attribute("2.16.840.1.113733.1.9.2", char.PrintableString("19")),
        attribute("2.16.840.1.113733.1.9.7", char.PrintableString(transaction_id)),
        attribute("2.16.840.1.113733.1.9.5", univ.OctetString(bytes.fromhex(nonce_hex))),
    ]:
        attrs.append(a)
    # The signature covers the attributes as a DER SET OF, not under their [0] tag.
    as_set = SignedAttributes()
    for a in attrs:
        as_set.append(a)
    signature = key.sign(encoder.encode(as_set), padding.PKCS1v15(), digest)

    signer = SignerInfo()
    signer["version"] = 1
    signer["sid"]["issuer"] = univ.Any(cert.issuer.public_bytes())
    signer["sid"]["serialNumber"] = cert.serial_number
    signer["digestAlgorithm"]["algorithm"] = univ.ObjectIdentifier(digest_oid)
    signer["signedAttrs"] = attrs
    signer["signatureAlgorithm"]["algorithm"] = univ.ObjectIdentifier("1.2.840.113549.1.1.1")
    signer["signatureAlgorithm"]["parameters"] = univ.Any(encoder.encode(univ.Null("")))
    signer["signature"] = signature

    signed = SignedData()
    signed["version"] = 1
    algorithm = AlgorithmIdentifier()
    algorithm["algorithm"] = univ.ObjectIdentifier(digest_oid)
    signed["digestAlgorithms"].append(algorithm)
    signed["encapContentInfo"]["eContentType"] = univ.ObjectIdentifier("1.2.840.113549.1.7.1")
    signed["encapContentInfo"]["eContent"] = content
    signed["certificates"].append(univ.Any(cert.public_bytes(serialization.Encoding.DER)))
    signed["signerInfos"].append(signer)

    info = ContentInfo()
    info["contentType"] = univ.ObjectIdentifier("1.2.840.113549.1.7.2")
    # An ANY with an explicit tag takes its value through a clone of the schema type, which carries the tag.
    info["content"] = info.componentType["content"].getType().clone(encoder.encode(signed))
    open(out_path, "wb").write(encoder.encode(info))
    """#

    static let legacyProviders = ["-provider", "legacy", "-provider", "default"]

    @Test(arguments: [("-des", CMSContentEncryptionAlgorithm.desCBC, "sha1"), ("-aes128", .aes128CBC, "sha256"), ("-des3", .desEDE3CBC, "sha256")])
    func aRequestBuiltByOpenSSLAndPythonIsIssuedAndTheCertRepReadsInOpenSSL(
        _ cipherFlag: String, _ cipher: CMSContentEncryptionAlgorithm, _ digest: String
    ) async throws {
        let openssl = try #require(ExternalCommand.openssl)
        let python = try #require(ExternalCommand.python)
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let fixture = try SCEPFixture()
        try scratch.write("ca.pem", fixture.ca.certificatePEM)
        let legacy = cipherFlag == "-des" ? Self.legacyProviders : []

        // 1. Key, CSR with a challengePassword (only settable through a config file), self-signed signer.
        try scratch.write("req.cnf", """
        [ req ]
        prompt = no
        distinguished_name = dn
        attributes = attrs
        [ dn ]
        CN = openssl-device
        O = Palisade Fleet
        [ attrs ]
        challengePassword = \(SCEPFixture.challenge)

        """)
        for arguments in [
            ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "device.key"],
            ["req", "-new", "-key", "device.key", "-config", "req.cnf", "-outform", "DER", "-out", "csr.der"],
            ["req", "-x509", "-new", "-key", "device.key", "-subj", "/CN=openssl-device", "-days", "1", "-out", "self.pem"],
            ["cms", "-encrypt", "-in", "csr.der", "-binary", cipherFlag, "-outform", "DER", "-out", "envelope.der"] + legacy + ["ca.pem"],
        ] {
            let ran = try openssl.run(arguments, in: scratch.url)
            try #require(ran.succeeded, "openssl \(arguments.first!): \(ran.diagnostic)")
        }

        // 2. The pkiMessage from Python.
        let nonce = SecureRandomBytes.make(16)
        let built = try python.run(
            ["-c", Self.pkiMessageScript, digest, "PY-TRANSACTION-1", hexString(nonce), "request.der"], in: scratch.url
        )
        try #require(built.succeeded, "\(built.diagnostic)")

        // 3. Palisade answers.
        let certRep = try await fixture.server.pkiOperation(scratch.read("request.der"))
        try scratch.write("certrep.der", certRep)
        let parsed = try CMSSignedData(berEncoded: certRep)
        let attributes = parsed.signers[0]
        #expect(attributes.signedAttribute(SCEPObjectIdentifier.pkiStatus)?.stringValue == "0")
        #expect(attributes.signedAttribute(SCEPObjectIdentifier.messageType)?.stringValue == "3")
        #expect(attributes.signedAttribute(SCEPObjectIdentifier.transactionID)?.stringValue == "PY-TRANSACTION-1")
        #expect(attributes.signedAttribute(SCEPObjectIdentifier.recipientNonce)?.octetStringValue == nonce)
        #expect(attributes.signedAttribute(SCEPObjectIdentifier.senderNonce)?.octetStringValue?.count == 16)
        #expect(attributes.digestAlgorithm.algorithm == (digest == "sha1" ? CMSObjectIdentifier.sha1 : CMSObjectIdentifier.sha256))

        // 4. OpenSSL verifies the CertRep's signature, decrypts its envelope with the device key, and
        //    finds a certificate that chains to the CA.
        for arguments in [
            ["cms", "-verify", "-noverify", "-inform", "DER", "-in", "certrep.der", "-binary", "-out", "envelope-reply.der"],
            ["cms", "-decrypt", "-inform", "DER", "-in", "envelope-reply.der", "-inkey", "device.key", "-recip", "self.pem",
             "-binary", "-out", "certs.p7b"] + legacy,
            ["pkcs7", "-inform", "DER", "-in", "certs.p7b", "-print_certs", "-out", "issued.pem"],
            ["verify", "-CAfile", "ca.pem", "issued.pem"],
        ] {
            let ran = try openssl.run(arguments, in: scratch.url)
            #expect(ran.succeeded, "openssl \(arguments.prefix(2).joined(separator: " ")): \(ran.diagnostic)")
        }
        #expect(try CMSEnvelopedData(berEncoded: scratch.read("envelope-reply.der")).contentEncryptionAlgorithm == cipher)
        let issued = try Certificate(pemEncoded: String(decoding: scratch.read("issued.pem"), as: UTF8.self))
        #expect(issued.subject.description.contains("openssl-device"))

        // 5. A FAILURE CertRep (wrong challenge) also verifies in OpenSSL.
        try scratch.write("req.cnf", String(decoding: try scratch.read("req.cnf"), as: UTF8.self).replacingOccurrences(of: SCEPFixture.challenge, with: "wrong"))
        for arguments in [
            ["req", "-new", "-key", "device.key", "-config", "req.cnf", "-outform", "DER", "-out", "csr.der"],
            ["cms", "-encrypt", "-in", "csr.der", "-binary", cipherFlag, "-outform", "DER", "-out", "envelope.der"] + legacy + ["ca.pem"],
        ] {
            let ran = try openssl.run(arguments, in: scratch.url)
            try #require(ran.succeeded, "\(ran.diagnostic)")
        }
        let refusedRequest = try python.run(["-c", Self.pkiMessageScript, digest, "PY-TRANSACTION-2", hexString(nonce), "request.der"], in: scratch.url)
        try #require(refusedRequest.succeeded, "\(refusedRequest.diagnostic)")
        let failure = try await fixture.server.pkiOperation(scratch.read("request.der"))
        try scratch.write("failure.der", failure)
        let verifiedFailure = try openssl.run(["cms", "-verify", "-noverify", "-inform", "DER", "-in", "failure.der", "-binary", "-out", "empty.bin"], in: scratch.url)
        #expect(verifiedFailure.succeeded, "\(verifiedFailure.diagnostic)")
        let failureInfo = try CMSSignedData(berEncoded: failure).signers[0]
        #expect(failureInfo.signedAttribute(SCEPObjectIdentifier.pkiStatus)?.stringValue == "2")
        #expect(failureInfo.signedAttribute(SCEPObjectIdentifier.failInfo)?.stringValue == "2")
    }

    @Test func openSSLVerifiesTheCertRepOfAPalisadeClientAndDecryptsItWithTheDeviceKey() async throws {
        let openssl = try #require(ExternalCommand.openssl)
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let fixture = try SCEPFixture()
        let device = try SCEPFixture.device()
        let request = try fixture.client(for: device, cipher: .aes256CBC).request(device.csr)
        try scratch.write("certrep.der", try await fixture.server.pkiOperation(request.message))
        try scratch.write("ca.pem", fixture.ca.certificatePEM)
        try scratch.write("device.key", device.key.pemRepresentation + "\n")
        try scratch.write("self.pem", try device.selfSigned.serializeAsPEM().pemString + "\n")
        for arguments in [
            // Not -noverify this time: the CertRep's signer is the CA itself.
            ["cms", "-verify", "-CAfile", "ca.pem", "-purpose", "any", "-inform", "DER", "-in", "certrep.der", "-binary", "-out", "inner.der"],
            ["cms", "-decrypt", "-inform", "DER", "-in", "inner.der", "-inkey", "device.key", "-recip", "self.pem", "-binary", "-out", "certs.p7b"],
            ["pkcs7", "-inform", "DER", "-in", "certs.p7b", "-print_certs", "-out", "issued.pem"],
            ["verify", "-CAfile", "ca.pem", "issued.pem"],
        ] {
            let ran = try openssl.run(arguments, in: scratch.url)
            #expect(ran.succeeded, "openssl \(arguments.prefix(2).joined(separator: " ")): \(ran.diagnostic)")
        }
    }
}
