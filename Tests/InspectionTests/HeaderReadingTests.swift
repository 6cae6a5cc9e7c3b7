import AppleMDM
import Foundation
import Inspection
import Testing

@Suite("Header reading")
struct HeaderReadingTests {
    let inspector = Inspector()
    typealias F = InspectionFixtures

    @Test("a signature folded with spaces, tabs and line breaks is read as its compacted text: same verdict, same signing time")
    func foldedSignatureReadAsCompacted() throws {
        let signature = try SignedMessages.signature(for: F.authenticate, signedAt: F.now)
        var folded = ""
        for (offset, character) in signature.enumerated() {
            if offset > 0, offset % 64 == 0 { folded += ["\r\n ", "\n\t", " "][offset / 64 % 3] }
            folded.append(character)
        }
        let plain = inspector.inspect(F.checkin(F.authenticate, signature: signature))
        let wrapped = inspector.inspect(F.checkin(F.authenticate, signature: folded))
        #expect(plain.decision == .pass && wrapped.decision == .pass)
        #expect(folded.count > signature.count)
        #expect(plain.subject.signingTime == F.now)
        #expect(wrapped.subject.signingTime == F.now)
    }

    @Test("field names match in any ASCII case, and other text keeps Unicode's case mapping")
    func fieldNamesMatchWithoutCase() {
        let headers = InspectedHeaders([("mdm-SIGNATURE", "a"), ("Content-Type", "b"), ("MDM-signature", "c"), ("Ä", "d")])
        #expect(headers["Mdm-Signature"] == "a")
        #expect(headers.values("mdm-signature") == ["a", "c"])
        #expect(headers["content-type"] == "b")
        #expect(headers["Content-Typo"] == nil)
        #expect(headers["ä"] == "d")
        #expect(!headers.contains("Mdm-Signatur"))
    }

    @Test("Content-Type and Content-Length are read without the spaces, tabs and Unicode spaces around them")
    func headerValuesTrimmed() {
        for contentType in [" \(CheckinMessage.contentType)\t", "\(CheckinMessage.contentType) ; charset=UTF-8",
                            "\u{A0}\(CheckinMessage.contentType)\u{2003}", "APPLICATION/X-APPLE-ASPEN-MDM-CHECKIN"] {
            #expect(inspector.inspect(F.checkin(F.authenticate, contentType: contentType)).decision == .pass, "\(contentType)")
        }
        #expect(inspector.inspect(F.checkin(F.authenticate, contentType: "application/x-apple-aspen-mdm-checkin2")).ruleIDs
            == ["request.content-type"])
        let length = F.authenticate.count
        for declared in ["\(length)", " \(length)\t", "\u{A0}\(length)"] {
            let request = F.checkin(F.authenticate, extraHeaders: [("Content-Length", declared)])
            #expect(inspector.inspect(request).findings.isEmpty, "\(declared.debugDescription)")
        }
        #expect(inspector.inspect(F.checkin(F.authenticate, extraHeaders: [("Content-Length", "\(length + 1)")])).ruleIDs
            == ["request.content-length"])
    }

    @Test("two Content-Type fields differing only in case are still two")
    func duplicateHeaderInAnyCase() {
        let request = F.checkin(F.authenticate, extraHeaders: [("content-type", CheckinMessage.contentType)])
        #expect(inspector.inspect(request).ruleIDs == ["request.duplicate-header"])
    }
}
