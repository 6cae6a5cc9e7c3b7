import AppleMDM
import Foundation
import Inspection
import Testing

@Suite("Request inspection")
struct RequestInspectionTests {
    let inspector = Inspector()
    typealias F = InspectionFixtures

    @Test("every real device capture passes at its endpoint with no rule fired")
    func realCapturesPass() throws {
        let captures = try F.captures()
        #expect(captures.count >= 5)
        for capture in captures {
            let request = capture.endpoint == .checkin ? F.checkin(capture.body) : F.connect(capture.body)
            let verdict = inspector.inspect(request)
            #expect(verdict.decision == .pass, "\(capture.name): \(verdict.report)")
            #expect(verdict.findings.isEmpty, "\(capture.name): \(verdict.ruleIDs)")
            #expect(verdict.score == 0)
            #expect(verdict.subject.deviceKey != nil)
        }
    }

    @Test("a message without Mdm-Signature passes when the edge saw a client certificate")
    func clientCertificateExcusesSignature() {
        let request = F.checkin(F.authenticate, signature: nil, extraHeaders: [("x-palisade-client-certificate", "present")])
        let verdict = inspector.inspect(request)
        #expect(verdict.decision == .pass, "\(verdict.report)")
        #expect(verdict.subject.signingTime == nil)
    }

    // No timing here: speed is measured by `palisade bench inspect`; a hang would stop the suite.
    @Test("every hostile XML document is refused with 400 and a plist rule")
    func hostileXMLRefused() throws {
        let attacks = try F.attackFiles()
        #expect(attacks.count >= 12)
        for attack in attacks {
            for request in [F.checkin(attack.body), F.connect(attack.body)] {
                let verdict = inspector.inspect(request)
                #expect(verdict.decision == .refuse(status: 400), "\(attack.name): \(verdict.report)")
                #expect(verdict.ruleIDs.count == 1 && verdict.ruleIDs[0].hasPrefix("plist."), "\(attack.name): \(verdict.ruleIDs)")
            }
        }
    }

    @Test("entity bombs and external entities are refused by the DOCTYPE rules")
    func entityAttacksNamed() throws {
        let attacks = Dictionary(uniqueKeysWithValues: try F.attackFiles().map { ($0.name, $0.body) })
        for name in ["xmlbomb.xml", "xmlbomb2.xml", "external.xml", "external_file.xml", "cyclic.xml", "quadratic.xml", "dtd_element.xml"] {
            let verdict = inspector.inspect(F.checkin(try #require(attacks[name])))
            #expect(verdict.ruleIDs == ["plist.doctype-internal-subset"] || verdict.ruleIDs == ["plist.doctype"], "\(name): \(verdict.ruleIDs)")
        }
        #expect(inspector.inspect(F.checkin(try #require(attacks["dtd.xml"]))).ruleIDs == ["plist.doctype"])
    }

    @Test("a plist nested 10,000 deep is refused by the depth rule without reaching a decoder")
    func deepNestingRefused() {
        let body = F.plist(String(repeating: "<array>", count: 10_000) + String(repeating: "</array>", count: 10_000))
        let verdict = inspector.inspect(F.checkin(body))
        #expect(verdict.decision == .refuse(status: 400))
        #expect(verdict.ruleIDs == ["plist.depth"])
        #expect(inspector.inspect(F.connect(body)).ruleIDs == ["plist.depth"])
    }

    @Test("a binary plist is refused")
    func binaryPlistRefused() throws {
        let object: [String: Any] = ["MessageType": "Authenticate", "Topic": "com.apple.mgmt.x", "UDID": F.udid]
        let body = try PropertyListSerialization.data(fromPropertyList: object, format: .binary, options: 0)
        let verdict = inspector.inspect(F.checkin(body))
        #expect(verdict.decision == .refuse(status: 400))
        #expect(verdict.ruleIDs == ["plist.binary"])
    }

    @Test("a check-in with another or no content type is refused")
    func wrongContentTypeRefused() {
        for contentType in ["application/xml", "text/plain", nil] as [String?] {
            let verdict = inspector.inspect(F.checkin(F.authenticate, contentType: contentType))
            #expect(verdict.decision == .refuse(status: 400))
            #expect(verdict.ruleIDs == ["request.content-type"])
        }
        let withParameter = inspector.inspect(F.checkin(F.authenticate, contentType: "Application/X-Apple-Aspen-MDM-Checkin; charset=utf-8"))
        #expect(withParameter.decision == .pass)
    }

    @Test("an oversized body is refused with 413 before it is scanned")
    func oversizedRefused() {
        let body = Data(repeating: UInt8(ascii: " "), count: (1 << 20) + 1)
        let checkin = inspector.inspect(F.checkin(body))
        #expect(checkin.decision == .refuse(status: 413))
        #expect(checkin.ruleIDs == ["request.too-large"])
        #expect(inspector.inspect(F.connect(body)).decision == .refuse(status: 413))
    }

    @Test("an unknown or non-canonical path is refused with 403")
    func unknownPathRefused() {
        for path in ["/admin", "/mdm/checkin/", "/mdm//checkin", "/mdm/../mdm/checkin", "/MDM/checkin", "/mdm/%63heckin", ""] {
            let request = InspectedRequest(method: "PUT", path: path, body: F.authenticate, sourceAddress: F.source, receivedAt: F.now)
            let verdict = inspector.inspect(request)
            #expect(verdict.decision == .refuse(status: 403), "\(path)")
            #expect(verdict.ruleIDs == ["request.unknown-path"])
        }
    }

    @Test("a known path with the wrong method is refused with 400")
    func wrongMethodRefused() {
        var request = F.checkin(F.authenticate)
        for method in ["POST", "GET", "DELETE", "put", "TRACE"] {
            request.method = method
            let verdict = inspector.inspect(request)
            #expect(verdict.decision == .refuse(status: 400))
            #expect(verdict.ruleIDs == ["request.method"])
        }
        let deleteHealth = InspectedRequest(method: "DELETE", path: "/health", sourceAddress: F.source, receivedAt: F.now)
        #expect(inspector.inspect(deleteHealth).ruleIDs == ["request.method"])
    }

    @Test("a check-in or result without Mdm-Signature or client certificate is refused with 403")
    func missingSignatureRefused() {
        for request in [F.checkin(F.authenticate, signature: nil), F.connect(F.result(status: "Idle", commandUUID: nil), signature: nil),
                        F.checkin(F.authenticate, signature: "  ")] {
            let verdict = inspector.inspect(request)
            #expect(verdict.decision == .refuse(status: 403))
            #expect(verdict.ruleIDs == ["signature.missing"])
        }
    }

    @Test("a signature that is not base64, too long or not one SEQUENCE is refused with 400")
    func malformedSignatureRefused() {
        #expect(inspector.inspect(F.checkin(F.authenticate, signature: "not*base64!")).ruleIDs == ["signature.base64"])
        let long = String(repeating: "A", count: (64 << 10) + 4)
        #expect(inspector.inspect(F.checkin(F.authenticate, signature: long)).ruleIDs == ["signature.too-large"])
        let notSequence = Data([0x04, 0x03, 1, 2, 3]).base64EncodedString()
        #expect(inspector.inspect(F.checkin(F.authenticate, signature: notSequence)).ruleIDs == ["signature.structure"])
        let wrongLength = Data([0x30, 0x05, 1, 2, 3]).base64EncodedString()
        #expect(inspector.inspect(F.checkin(F.authenticate, signature: wrongLength)).ruleIDs == ["signature.structure"])
        let verdict = inspector.inspect(F.checkin(F.authenticate, signature: "not*base64!"))
        #expect(verdict.decision == .refuse(status: 400))
    }

    @Test("BER indefinite-length and whitespace-folded signatures, as Apple's encoder writes them, pass")
    func berSignaturePasses() {
        let ber = Data([0x30, 0x80, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02, 0x00, 0x00]).base64EncodedString()
        #expect(inspector.inspect(F.checkin(F.authenticate, signature: ber)).decision == .pass)
        let folded = F.signature().enumerated().map { $0.offset % 64 == 63 ? "\($0.element) " : "\($0.element)" }.joined()
        #expect(inspector.inspect(F.checkin(F.authenticate, signature: folded)).decision == .pass)
    }

    @Test("two Mdm-Signature headers are refused")
    func duplicateSignatureRefused() {
        let request = F.checkin(F.authenticate, extraHeaders: [("MDM-SIGNATURE", F.signature(seed: 9))])
        #expect(inspector.inspect(request).ruleIDs.first == "request.duplicate-header")
    }

    @Test("a command result with Status Maybe is refused as an unknown status")
    func unknownStatusRefused() {
        let verdict = inspector.inspect(F.connect(F.result(status: "Maybe")))
        #expect(verdict.decision == .refuse(status: 400))
        #expect(verdict.ruleIDs == ["result.unknown-status"])
    }

    @Test("a command result other than Idle without CommandUUID is refused; Idle without one passes")
    func missingCommandUUID() {
        let verdict = inspector.inspect(F.connect(F.result(status: "Acknowledged", commandUUID: nil)))
        #expect(verdict.decision == .refuse(status: 400))
        #expect(verdict.ruleIDs == ["result.missing-command-uuid"])
        let idle = inspector.inspect(F.connect(F.result(status: "Idle", commandUUID: nil)))
        #expect(idle.decision == .pass)
        #expect(idle.subject.messageKind == "Idle")
    }

    @Test("an unknown MessageType is refused")
    func unknownMessageTypeRefused() {
        let body = F.plist("<dict><key>MessageType</key><string>Exfiltrate</string><key>UDID</key><string>\(F.udid)</string></dict>")
        let verdict = inspector.inspect(F.checkin(body))
        #expect(verdict.decision == .refuse(status: 400))
        #expect(verdict.ruleIDs == ["checkin.unknown-message-type"])
    }

    @Test("missing keys, wrong types and bad identifiers map to their rules")
    func schemaRules() {
        let noTopic = F.plist("<dict><key>MessageType</key><string>Authenticate</string><key>UDID</key><string>\(F.udid)</string></dict>")
        #expect(inspector.inspect(F.checkin(noTopic)).ruleIDs == ["checkin.missing-key"])
        let wrongType = F.plist("<dict><key>MessageType</key><string>Authenticate</string><key>Topic</key><integer>5</integer><key>UDID</key><string>\(F.udid)</string></dict>")
        #expect(inspector.inspect(F.checkin(wrongType)).ruleIDs == ["checkin.wrong-type"])
        #expect(inspector.inspect(F.connect(F.result(status: "Idle", commandUUID: nil, udid: "../../etc/passwd"))).ruleIDs == ["identifier.udid"])
        let both = F.plist("<dict><key>Status</key><string>Idle</string><key>UDID</key><string>\(F.udid)</string><key>EnrollmentID</key><string>abc</string></dict>")
        #expect(inspector.inspect(F.connect(both)).ruleIDs == ["identifier.conflict"])
        let neither = F.plist("<dict><key>Status</key><string>Idle</string></dict>")
        #expect(inspector.inspect(F.connect(neither)).ruleIDs == ["identifier.missing"])
        #expect(inspector.inspect(F.connect(F.plist("<array/>"))).ruleIDs == ["result.not-dictionary"])
    }

    @Test("SCEP: known operations pass; others, bad messages and bodies are refused")
    func scepShape() {
        let der = Data([0x30, 0x03, 0x02, 0x01, 0x05])
        #expect(inspector.inspect(F.get("/scep?operation=GetCACaps")).decision == .pass)
        #expect(inspector.inspect(F.get("/scep?operation=GetCACert&message=ca")).decision == .pass)
        let encoded = der.base64EncodedString().addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        #expect(inspector.inspect(F.get("/scep?operation=PKIOperation&message=\(encoded)")).decision == .pass)
        #expect(inspector.inspect(F.get("/scep?operation=Shell")).ruleIDs == ["scep.operation"])
        #expect(inspector.inspect(F.get("/scep")).ruleIDs == ["scep.operation"])
        #expect(inspector.inspect(F.get("/scep?operation=PKIOperation")).ruleIDs == ["scep.message"])
        #expect(inspector.inspect(F.get("/scep?operation=PKIOperation&message=%%%")).ruleIDs == ["request.malformed-query"])
        #expect(inspector.inspect(F.get("/scep?operation=PKIOperation&message=AAAA")).ruleIDs == ["scep.message"])
        #expect(inspector.inspect(F.get("/scep?operation=GetCACaps&operation=PKIOperation")).ruleIDs.first == "request.duplicate-query")

        func post(_ query: String, _ body: Data, contentType: String = "application/x-pki-message") -> InspectedRequest {
            InspectedRequest(method: "POST", target: "/scep?\(query)", headers: ["Content-Type": contentType], body: body,
                             sourceAddress: F.source, receivedAt: F.now)
        }
        #expect(inspector.inspect(post("operation=PKIOperation", der)).decision == .pass)
        #expect(inspector.inspect(post("operation=GetCACaps", der)).ruleIDs == ["scep.operation"])
        #expect(inspector.inspect(post("operation=PKIOperation", Data("hello".utf8))).ruleIDs == ["scep.message"])
        #expect(inspector.inspect(post("operation=PKIOperation", Data(count: (256 << 10) + 1))).decision == .refuse(status: 413))
        let wrongType = inspector.inspect(post("operation=PKIOperation", der, contentType: "text/plain"))
        #expect(wrongType.decision == .pass, "a suspicious rule alone stays under the threshold")
        #expect(wrongType.ruleIDs == ["scep.content-type"])
    }

    @Test("enrolment: URL-safe invitation ids pass; others and bodies on GET are refused")
    func enrollShape() {
        #expect(inspector.inspect(F.get("/enroll/AbC-_09")).decision == .pass)
        #expect(inspector.inspect(F.get("/enroll/AbC?unsigned=1")).decision == .pass)
        #expect(inspector.inspect(F.get("/enroll/")).ruleIDs == ["identifier.invitation"])
        #expect(inspector.inspect(F.get("/enroll/a+b=")).ruleIDs == ["identifier.invitation"])
        #expect(inspector.inspect(F.get("/enroll/a/b")).ruleIDs == ["identifier.invitation"])
        #expect(inspector.inspect(F.get("/enroll/" + String(repeating: "a", count: 65))).ruleIDs == ["identifier.invitation"])
        #expect(inspector.inspect(F.get("/health", body: Data("x".utf8))).ruleIDs == ["request.unexpected-body"])
        for path in ["/health", "/pki/ca.pem", "/pki/ca.crl"] {
            #expect(inspector.inspect(F.get(path)).decision == .pass)
        }
    }

    @Test("suspicious rules add up and refuse once the score crosses the threshold")
    func scoreThreshold() {
        var request = F.checkin(F.authenticate, extraHeaders: [("Content-Length", "1")])
        request.query = "debug=1"
        let verdict = inspector.inspect(request)
        #expect(verdict.ruleIDs == ["request.content-length", "request.unexpected-query"])
        #expect(verdict.score == 50)
        #expect(verdict.decision == .refuse(status: 400))
        request.query = nil
        let one = inspector.inspect(request)
        #expect(one.score == 30)
        #expect(one.decision == .pass)
        let lenient = Inspector(policy: InspectionPolicy(anomalyThreshold: 1000))
        #expect(lenient.inspect(F.checkin(F.authenticate, extraHeaders: [("Content-Length", "1")])).decision == .pass)
    }

    @Test("rule overrides change a rule's severity and weight")
    func ruleOverrides() {
        let policy = InspectionPolicy(ruleOverrides: ["scep.content-type": .init(severity: .block, weight: 100)])
        let request = InspectedRequest(method: "POST", target: "/scep?operation=PKIOperation", headers: ["Content-Type": "text/plain"],
                                       body: Data([0x30, 0x01, 0x00]), sourceAddress: F.source, receivedAt: F.now)
        #expect(Inspector(policy: policy).inspect(request).decision == .refuse(status: 400))
    }

    @Test("entity references beyond the five predefined and numeric ones are refused; those pass")
    func entityReferences() {
        func authenticate(topic: String) -> Data {
            F.plist("<dict><key>MessageType</key><string>Authenticate</string><key>Topic</key><string>\(topic)</string><key>UDID</key><string>\(F.udid)</string></dict>")
        }
        #expect(inspector.inspect(F.checkin(authenticate(topic: "com.apple.mgmt.&xxe;"))).ruleIDs == ["plist.entity-reference"])
        #expect(inspector.inspect(F.checkin(authenticate(topic: "com.apple.mgmt.&#65;&amp;"))).ruleIDs.allSatisfy { !$0.hasPrefix("plist.") })
    }

    @Test("the policy's key-count and string-length limits reach the plist guard")
    func policyLimits() {
        var limits = PropertyListLimits.deviceMessage
        limits.maximumKeysPerDictionary = 3
        limits.maximumStringLength = 16
        let strict = Inspector(policy: InspectionPolicy(deviceMessageLimits: limits))
        let verdict = strict.inspect(F.checkin(F.authenticate))
        #expect(verdict.decision == .refuse(status: 400))
        #expect(verdict.ruleIDs == ["plist.string-length"])
        let manyKeys = F.plist("<dict><key>Status</key><string>Idle</string><key>a</key><true/><key>b</key><true/><key>c</key><true/></dict>")
        #expect(strict.inspect(F.connect(manyKeys)).ruleIDs == ["plist.key-count"])
    }
}
