import Foundation
import PKI
import Testing
import X509

@Suite struct MDMSignatureTests {
    static let body = Array("""
    <?xml version="1.0" encoding="UTF-8"?>
    <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
    <plist version="1.0"><dict><key>MessageType</key><string>TokenUpdate</string><key>UDID</key><string>0000-1111</string></dict></plist>
    """.utf8)

    @Test(
        .enabled(if: ExternalCommand.openssl != nil, "openssl is not installed"),
        arguments: [TestIdentity.KeyKind.rsa, .p256]
    )
    func acceptsADetachedOpenSSLSignatureOverTheExactBody(_ kind: TestIdentity.KeyKind) async throws {
        let openssl = try #require(ExternalCommand.openssl)
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let ca = TestIdentity.sharedCA
        let device = try TestIdentity.leaf("device identity", kind: kind, issuedBy: ca)
        try device.write(as: "device", to: scratch)
        try scratch.write("body.plist", Self.body)
        let signed = try openssl.run(
            ["cms", "-sign", "-binary", "-in", "body.plist", "-signer", "device.pem", "-inkey", "device.key", "-outform", "DER", "-out", "sig.der"],
            in: scratch.url
        )
        try #require(signed.succeeded, "\(signed.diagnostic)")
        let header = Data(try scratch.read("sig.der")).base64EncodedString()

        let signer = try MDMSignature.verify(base64Header: header, body: Self.body)
        #expect(signer == device.certificate)
        #expect(await signer.chains(to: [ca.certificate], at: Date()))
        #expect(!(await signer.chains(to: [ca.certificate], at: Date() + 86_400 * 30)), "expired by then")
        let stranger = try TestIdentity.certificateAuthority("Palisade Test CA")
        #expect(!(await signer.chains(to: [stranger.certificate], at: Date())), "same name, different key")

        var altered = Self.body
        altered[altered.count - 10] ^= 0x20
        #expect(throws: MDMSignatureError.verificationFailed(.messageDigestMismatch)) {
            try MDMSignature.verify(base64Header: header, body: altered)
        }
        // Folded header lines are tolerated; whitespace is not base64.
        let folded = stride(from: 0, to: header.count, by: 64).map { start in
            String(header.dropFirst(start).prefix(64))
        }.joined(separator: "\r\n ")
        #expect(try MDMSignature.verify(base64Header: folded, body: Self.body) == device.certificate)

        let withoutCertificates = try openssl.run(
            ["cms", "-sign", "-binary", "-nocerts", "-in", "body.plist", "-signer", "device.pem", "-inkey", "device.key",
             "-outform", "DER", "-out", "bare.der"],
            in: scratch.url
        )
        try #require(withoutCertificates.succeeded)
        #expect(throws: MDMSignatureError.verificationFailed(.signerCertificateNotFound)) {
            try MDMSignature.verify(base64Header: Data(try scratch.read("bare.der")).base64EncodedString(), body: Self.body)
        }
    }

    @Test func refusesHeadersThatAreNotASingleDetachedSignature() throws {
        let device = try TestIdentity.leaf("device", issuedBy: TestIdentity.sharedCA)
        let signer = try CMSSigner(certificate: device.certificate, privateKey: device.privateKey)
        let detached = try CMSSignedData.sign(Self.body, signer: signer, detached: true)
        #expect(try MDMSignature.verify(base64Header: Data(detached).base64EncodedString(), body: Self.body) == device.certificate)

        let attached = try CMSSignedData.sign(Self.body, signer: signer, detached: false)
        #expect(throws: MDMSignatureError.contentAttached) {
            try MDMSignature.verify(base64Header: Data(attached).base64EncodedString(), body: Self.body)
        }
        let unsigned = try CMSSignedData.certificatesOnly([device.certificate])
        #expect(throws: MDMSignatureError.signerCount(0)) {
            try MDMSignature.verify(base64Header: Data(unsigned).base64EncodedString(), body: Self.body)
        }
        #expect(throws: MDMSignatureError.headerLength(0)) { try MDMSignature.verify(base64Header: "", body: Self.body) }
        #expect(throws: MDMSignatureError.notBase64) { try MDMSignature.verify(base64Header: "not*base64!", body: Self.body) }
        #expect(throws: MDMSignatureError.headerLength(MDMSignature.maximumHeaderLength + 4)) {
            try MDMSignature.verify(base64Header: String(repeating: "QUFB", count: MDMSignature.maximumHeaderLength / 4 + 1), body: Self.body)
        }
        #expect {
            try MDMSignature.verify(base64Header: Data("hello".utf8).base64EncodedString(), body: Self.body)
        } throws: { error in
            guard case MDMSignatureError.malformed = error else { return false }
            return true
        }
        // A signature by one device over another device's body.
        #expect(throws: MDMSignatureError.verificationFailed(.messageDigestMismatch)) {
            try MDMSignature.verify(base64Header: Data(detached).base64EncodedString(), body: Array("other".utf8))
        }
    }
}
