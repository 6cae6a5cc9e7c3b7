import Foundation
import Inspection
import Testing

/// SCEP clients built on Go's `url.Values` (micromdm's scep library, which mdmb and other load testers use) POST
/// PKIOperation with the DER message in the body and the same bytes, percent-encoded binary, in a `message` query
/// parameter. RFC 8894 servers ignore that parameter on POST; so does the edge.
@Suite("SCEP requests as Go clients send them")
struct SCEPQueryTests {
    typealias F = InspectionFixtures

    @Test("a POST PKIOperation with the DER body repeated, percent-encoded binary, in the query passes")
    func goShapedPost() throws {
        let der = try SignedMessages.scepRequest()
        #expect(String(validating: der, as: UTF8.self) == nil, "the message is binary, not text")
        let query = "message=\(SignedMessages.goQueryEscaped(der))&operation=PKIOperation"
        let request = InspectedRequest(
            method: "POST", target: "/scep?\(query)", headers: ["Content-Type": "application/x-pki-message"], body: Data(der),
            sourceAddress: F.source, receivedAt: F.now
        )
        let verdict = Inspector().inspect(request)
        #expect(verdict.decision == .pass, "\(verdict.ruleIDs)")
        #expect(verdict.findings.isEmpty)
        // What the core is sent is the same target, whatever its length.
        #expect(query.utf8.count > der.count)
    }

    @Test("query values are percent-decoded to bytes: '+' and any byte pass, only a broken escape is malformed")
    func byteQuery() {
        let inspector = Inspector()
        func post(_ query: String) -> InspectionVerdict {
            inspector.inspect(InspectedRequest(
                method: "POST", target: "/scep?\(query)", headers: ["Content-Type": "application/x-pki-message"],
                body: Data([0x30, 0x03, 0x02, 0x01, 0x01]), sourceAddress: F.source, receivedAt: F.now
            ))
        }
        #expect(post("operation=PKIOperation&message=%FF%FE%00+a+b%30").decision == .pass)
        #expect(post("operation=PKIOperation&message=%F").ruleIDs == ["request.malformed-query"])
        #expect(post("operation=PKIOperation&message=%zz").ruleIDs == ["request.malformed-query"])
        // The message is ignored on POST, but a repeated one is still two readings of one name.
        #expect(post("operation=PKIOperation&message=a&message=b").ruleIDs.first == "request.duplicate-query")
        // An operation that is not text is no operation.
        #expect(post("operation=%FF").ruleIDs == ["scep.operation"])
        // On GET the message is the request, so it must be base64 text.
        #expect(inspector.inspect(F.get("/scep?operation=PKIOperation&message=%FF%FE")).ruleIDs == ["scep.message"])
    }
}
