import _CryptoExtras
import Foundation
import PKI
import SwiftASN1
import Testing
import X509

@Suite struct SCEPServerTests {
    @Test(arguments: CMSContentEncryptionAlgorithm.allCases, [CMSDigestAlgorithm.sha256, .sha1])
    func enrolsWithEveryCipherAndDigest(_ cipher: CMSContentEncryptionAlgorithm, _ digest: CMSDigestAlgorithm) async throws {
        let fixture = try SCEPFixture()
        let device = try SCEPFixture.device()
        let client = try fixture.client(for: device, cipher: cipher, digest: digest)
        let request = try client.request(device.csr)
        let certRep = try await fixture.server.pkiOperation(request.message)

        guard case .issued(let certificate) = try client.reply(to: request, certRep: certRep) else {
            Issue.record("expected a certificate")
            return
        }
        #expect(certificate.publicKey == Certificate.PublicKey(device.key.publicKey))
        #expect(certificate.subject == device.csr.subject)
        #expect(await certificate.chains(to: [fixture.ca.certificate], at: Date()))

        // The reply mirrors the request's choices, so an old client can read it.
        let reply = try CMSSignedData(berEncoded: certRep)
        #expect(reply.signers[0].digestAlgorithm.algorithm == digest.objectIdentifier)
        #expect(try CMSEnvelopedData(berEncoded: reply.content!).contentEncryptionAlgorithm == cipher)
    }

    @Test func oaepKeyTransportIsAnsweredInKind() async throws {
        let fixture = try SCEPFixture()
        let device = try SCEPFixture.device()
        let client = try fixture.client(for: device, keyTransport: .rsaOAEPSHA256)
        let request = try client.request(device.csr)
        let certRep = try await fixture.server.pkiOperation(request.message)
        guard case .issued = try client.reply(to: request, certRep: certRep) else { Issue.record("expected a certificate"); return }
        let envelope = try CMSEnvelopedData(berEncoded: CMSSignedData(berEncoded: certRep).content!)
        #expect(envelope.recipients[0].keyEncryptionAlgorithm.algorithm == CMSObjectIdentifier.rsaesOAEP)
    }

    @Test func theIssuingClosureSeesTheVerifiedRequest() async throws {
        let ca = TestIdentity.sharedCA
        let seen = RequestLog()
        let server = try SCEPServer(caCertificate: ca.certificate, caPrivateKey: ca.rsaKey!) { request in
            await seen.record(request)
            return .rejected(.badRequest)
        }
        let device = try SCEPFixture.device(challenge: "pässwörd with ünïcode")
        let client = try SCEPClient(caCertificate: ca.certificate, signerCertificate: device.selfSigned, signerKey: device.key, contentEncryption: .desEDE3CBC)
        let request = try client.request(device.csr, transactionID: "TX-42")
        #expect(try client.reply(to: request, certRep: await server.pkiOperation(request.message)) == .failed(.badRequest))
        let received = try #require(await seen.requests.first)
        #expect(received.challengePassword == "pässwörd with ünïcode")
        #expect(received.transactionID == "TX-42")
        #expect(received.messageType == .pkcsReq)
        #expect(received.signerCertificate == device.selfSigned)
        #expect(received.contentEncryptionAlgorithm == .desEDE3CBC)
        #expect(received.publicKey == Certificate.PublicKey(device.key.publicKey))
    }

    @Test func aWrongChallengeIsRefusedWithTheClosuresFailInfo() async throws {
        let fixture = try SCEPFixture()
        for challenge in ["wrong", nil] as [String?] {
            let device = try SCEPFixture.device(challenge: challenge)
            let client = try fixture.client(for: device)
            let request = try client.request(device.csr)
            #expect(try client.reply(to: request, certRep: await fixture.server.pkiOperation(request.message)) == .failed(.badRequest))
        }
    }

    @Test func renewalNeedsACurrentCertificateFromThisCA() async throws {
        let fixture = try SCEPFixture()
        let device = try SCEPFixture.device()
        let first = try fixture.client(for: device)
        let enrolment = try first.request(device.csr)
        guard case .issued(let current) = try first.reply(to: enrolment, certRep: await fixture.server.pkiOperation(enrolment.message)) else {
            Issue.record("enrolment failed")
            return
        }

        // Renewal: a new key, signed with the current certificate and its key.
        let newDevice = try SCEPFixture.device(name: "device-0001")
        let renewer = try SCEPClient(caCertificate: fixture.ca.certificate, signerCertificate: current, signerKey: device.key)
        let renewal = try renewer.request(newDevice.csr, messageType: .renewalReq)
        guard case .issued(let renewed) = try renewer.reply(to: renewal, certRep: await fixture.server.pkiOperation(renewal.message)) else {
            Issue.record("renewal failed")
            return
        }
        #expect(renewed.publicKey == Certificate.PublicKey(newDevice.key.publicKey))

        // A renewal signed by a self-signed certificate is not a renewal.
        let impostor = try fixture.client(for: newDevice)
        let forged = try impostor.request(newDevice.csr, messageType: .renewalReq)
        #expect(try impostor.reply(to: forged, certRep: await fixture.server.pkiOperation(forged.message)) == .failed(.badMessageCheck))
        // Nor one signed by another CA's certificate.
        let otherCA = try TestIdentity.certificateAuthority("Other CA")
        let foreign = try TestIdentity.leaf("device-0001", issuedBy: otherCA)
        let foreignClient = try SCEPClient(caCertificate: fixture.ca.certificate, signerCertificate: foreign.certificate, signerKey: foreign.rsaKey!)
        let foreignRenewal = try foreignClient.request(newDevice.csr, messageType: .renewalReq)
        #expect(try foreignClient.reply(to: foreignRenewal, certRep: await fixture.server.pkiOperation(foreignRenewal.message)) == .failed(.badMessageCheck))
    }

    @Test func getCertInitialAndOtherTypesGetFailures() async throws {
        let fixture = try SCEPFixture()
        let device = try SCEPFixture.device()
        let signer = try CMSSigner(certificate: device.selfSigned, privateKey: Certificate.PrivateKey(device.key))
        let nonce = SecureRandomBytes.make(16)
        for (type, expected) in [("20", SCEPFailInfo.badCertId), ("21", .badCertId), ("22", .badRequest), ("3", .badRequest), ("99", .badRequest)] {
            let message = try CMSSignedData.sign(
                Array("ignored".utf8), signer: signer,
                additionalSignedAttributes: [
                    try .printableString(SCEPObjectIdentifier.transactionID, "POLL-1"),
                    try .printableString(SCEPObjectIdentifier.messageType, type),
                    .octetString(SCEPObjectIdentifier.senderNonce, nonce),
                ]
            )
            let reply = try CMSSignedData(berEncoded: await fixture.server.pkiOperation(message))
            let attributes = reply.signers[0]
            #expect(attributes.signedAttribute(SCEPObjectIdentifier.pkiStatus)?.stringValue == "2", "type \(type)")
            #expect(attributes.signedAttribute(SCEPObjectIdentifier.failInfo)?.stringValue == expected.attributeText, "type \(type)")
            #expect(attributes.signedAttribute(SCEPObjectIdentifier.recipientNonce)?.octetStringValue == nonce)
            #expect(attributes.signedAttribute(SCEPObjectIdentifier.transactionID)?.stringValue == "POLL-1")
            #expect(attributes.signedAttribute(SCEPObjectIdentifier.messageType)?.stringValue == "3")
            #expect(try reply.verify(attributes) == fixture.ca.certificate)
        }
    }

    @Test func tamperedRequestsGetBadMessageCheckAndBrokenOnesAreRefused() async throws {
        let fixture = try SCEPFixture()
        let device = try SCEPFixture.device()
        let client = try fixture.client(for: device)
        let request = try client.request(device.csr)

        // A flipped byte in the signature (the message's last octets).
        var badSignature = request.message
        badSignature[badSignature.count - 5] ^= 0x10
        #expect(try client.reply(to: request, certRep: await fixture.server.pkiOperation(badSignature)) == .failed(.badMessageCheck))

        // A flipped byte inside the signed content: the messageDigest no longer matches.
        let envelope = try #require(try CMSSignedData(berEncoded: request.message).content)
        let envelopeStart = try #require(request.message.firstRange(of: envelope)).lowerBound
        var badDigest = request.message
        badDigest[envelopeStart + envelope.count / 2] ^= 0x01
        #expect(try client.reply(to: request, certRep: await fixture.server.pkiOperation(badDigest)) == .failed(.badMessageCheck))

        // Enveloped to someone other than the CA.
        let stranger = try TestIdentity.leaf("not the CA", issuedBy: TestIdentity.sharedCA)
        let misdirected = try SCEPClient(caCertificate: stranger.certificate, signerCertificate: device.selfSigned, signerKey: device.key)
        let misdirectedRequest = try misdirected.request(device.csr)
        #expect(try client.reply(to: misdirectedRequest, certRep: await fixture.server.pkiOperation(misdirectedRequest.message)) == .failed(.badMessageCheck))

        // Truncated: cannot be attributed to a transaction, so no CertRep.
        await #expect(throws: SCEPError.self) { try await fixture.server.pkiOperation(Array(request.message.prefix(request.message.count / 2))) }
        await #expect(throws: SCEPError.messageTooLarge(size: SCEPServer.maximumMessageSize + 1, limit: SCEPServer.maximumMessageSize)) {
            try await fixture.server.pkiOperation([UInt8](repeating: 0, count: SCEPServer.maximumMessageSize + 1))
        }
        // A signed message without SCEP attributes.
        let plain = try CMSSignedData.sign([1, 2, 3], signer: CMSSigner(certificate: device.selfSigned, privateKey: Certificate.PrivateKey(device.key)))
        await #expect(throws: SCEPError.missingAttribute("transactionID")) { try await fixture.server.pkiOperation(plain) }
        await #expect(throws: SCEPError.notAPKIMessage(.noSigners)) {
            try await fixture.server.pkiOperation(CMSSignedData.certificatesOnly([device.selfSigned]))
        }

        // Every single-byte corruption is either refused, answered with FAILURE, or (outside anything signed)
        // still answered correctly; never a crash.
        var outcomes = [String: Int]()
        for position in stride(from: 0, to: request.message.count, by: 7) {
            var damaged = request.message
            damaged[position] ^= 0x04
            do {
                let reply = try client.reply(to: request, certRep: await fixture.server.pkiOperation(damaged))
                outcomes["\(reply)", default: 0] += 1
            } catch {
                outcomes["\(type(of: error))", default: 0] += 1
            }
        }
        #expect(outcomes.keys.allSatisfy { $0.hasPrefix("failed") || $0.hasPrefix("issued") || $0 == "SCEPError" }, "\(outcomes)")
    }

    @Test func anECSignerCannotBeAnsweredAndGetsBadAlg() async throws {
        let fixture = try SCEPFixture()
        let ecIdentity = try TestIdentity.leaf("ec device", kind: .p256, issuedBy: nil)
        let device = try SCEPFixture.device()
        var serializer = DER.Serializer()
        try serializer.serialize(device.csr)
        let envelope = try CMSEnvelopedData.encrypt(serializer.serializedBytes, to: [fixture.ca.certificate])
        let message = try CMSSignedData.sign(
            envelope, signer: CMSSigner(certificate: ecIdentity.certificate, privateKey: ecIdentity.privateKey),
            additionalSignedAttributes: [
                try .printableString(SCEPObjectIdentifier.transactionID, "EC-1"),
                try .printableString(SCEPObjectIdentifier.messageType, "19"),
                .octetString(SCEPObjectIdentifier.senderNonce, SecureRandomBytes.make(16)),
            ]
        )
        let reply = try CMSSignedData(berEncoded: await fixture.server.pkiOperation(message))
        #expect(reply.signers[0].signedAttribute(SCEPObjectIdentifier.failInfo)?.stringValue == SCEPFailInfo.badAlg.attributeText)
    }

    @Test func aThrowingIssuerIsReportedNotAnsweredAsTheDevicesFault() async throws {
        let fixture = try SCEPFixture(issueThrows: true)
        let device = try SCEPFixture.device()
        let request = try fixture.client(for: device).request(device.csr)
        await #expect {
            try await fixture.server.pkiOperation(request.message)
        } throws: { error in
            guard case SCEPError.issuanceFailed = error else { return false }
            return true
        }
    }

    @Test func capabilitiesAndCACertificates() throws {
        let single = try SCEPFixture()
        let lines = Set(single.server.capabilities.split(separator: "\n").map(String.init))
        #expect(lines == ["POSTPKIOperation", "SHA-256", "SHA-1", "AES", "DES3", "SCEPStandard", "Renewal"])
        #expect(single.server.caCertificateResponse.contentType == "application/x-x509-ca-cert")
        #expect(try Certificate(derEncoded: single.server.caCertificateResponse.body) == single.ca.certificate)

        let ra = try TestIdentity.leaf("Palisade RA", issuedBy: TestIdentity.sharedCA)
        let several = try SCEPFixture(additionalCertificates: [ra.certificate])
        #expect(several.server.caCertificateResponse.contentType == "application/x-x509-ca-ra-cert")
        let bundle = try CMSSignedData(berEncoded: several.server.caCertificateResponse.body)
        #expect(Set(bundle.certificates) == [several.ca.certificate, ra.certificate])

        #expect(throws: SCEPError.unusableKey("the CA private key does not belong to the CA certificate")) {
            try SCEPServer(caCertificate: single.ca.certificate, caPrivateKey: ra.rsaKey!) { _ in .rejected(.badRequest) }
        }
    }

    @Test func theClientRefusesCertRepsForOtherTransactionsOrFromOtherCAs() async throws {
        let fixture = try SCEPFixture()
        let device = try SCEPFixture.device()
        let client = try fixture.client(for: device)
        let first = try client.request(device.csr)
        let second = try client.request(device.csr)
        let answerToFirst = try await fixture.server.pkiOperation(first.message)
        #expect(throws: SCEPError.responseMismatch("recipientNonce is not our senderNonce")) { try client.reply(to: second, certRep: answerToFirst) }

        let otherCA = try TestIdentity.certificateAuthority("Palisade Test CA")
        let otherServer = try SCEPServer(caCertificate: otherCA.certificate, caPrivateKey: otherCA.rsaKey!) { _ in .rejected(.badRequest) }
        let misdirected = try SCEPClient(caCertificate: otherCA.certificate, signerCertificate: device.selfSigned, signerKey: device.key)
        let request = try misdirected.request(device.csr)
        let answer = try await otherServer.pkiOperation(request.message)
        #expect {
            try client.reply(to: request, certRep: answer)
        } throws: { error in
            guard case SCEPError.responseNotTrusted = error else { return false }
            return true
        }
    }
}
