import Foundation
import Testing

/// `palisade inspect` as an administrator scripts it: exit 0 for a request that would pass, 1 for one refused.
@Suite struct PalisadeInspectCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("AppleMDMTests/Fixtures")

    static func inspect(_ arguments: [String]) throws -> (Int32, String) {
        try LiveSystemTests.PalisadeUpTests.runToCompletion(["inspect"] + arguments)
    }

    @Test func aRealCaptureWithASignaturePassesAndHostileOrUnsignedOnesAreRefusedWithTheirRules() throws {
        let signature = "Mdm-Signature:MAMCAQE=" // a DER SEQUENCE: the shape inspection checks
        let capture = Self.fixtures.appendingPathComponent("Authenticate.1.plist").path
        let (passed, report) = try Self.inspect(["--endpoint", "checkin", "--header", signature, capture])
        #expect(passed == 0, "\(report)")
        #expect(report.contains("decision: pass"))

        let (unsigned, unsignedReport) = try Self.inspect(["--endpoint", "checkin", capture])
        #expect(unsigned == 1)
        #expect(unsignedReport.contains("signature.missing"))

        let bomb = Self.fixtures.appendingPathComponent("xml-attacks/xmlbomb.xml").path
        let (refused, bombReport) = try Self.inspect(["--endpoint", "command", "--header", signature, bomb])
        #expect(refused == 1)
        #expect(bombReport.contains("decision: refuse 400"))
        #expect(bombReport.contains("plist.doctype-internal-subset"))

        let (detected, detectReport) = try Self.inspect(["--endpoint", "command", "--detect-only", bomb])
        #expect(detected == 0)
        #expect(detectReport.contains("plist.doctype-internal-subset"))
    }
}
