import AppleMDM
import Foundation
import Inspection
import Testing

@Suite("Verdicts")
struct VerdictTests {
    typealias F = InspectionFixtures

    @Test("detect-only passes what it would refuse and still reports rules and score")
    func detectOnly() {
        let inspector = Inspector(policy: InspectionPolicy(detectOnly: true))
        let verdict = inspector.inspect(F.checkin(F.authenticate, signature: nil))
        #expect(verdict.decision == .pass)
        #expect(verdict.wouldHaveDecided == .refuse(status: 403))
        #expect(verdict.ruleIDs == ["signature.missing"])
        #expect(verdict.score == 100)
        #expect(verdict.logSummary.contains("detect-only=refuse:403"))
        #expect(verdict.report.contains("signature.missing"))
        let response = inspector.inspect(InspectedResponse(status: 401), for: .connect)
        #expect(response.decision == .pass && response.fired("response.status-401"))
    }

    @Test("the report lists decision, score and each rule with its severity and message")
    func report() {
        let verdict = Inspector().inspect(F.connect(F.result(status: "Maybe"), signature: nil))
        #expect(verdict.decision == .refuse(status: 400), "the first blocking rule decides: the body is judged before the signature")
        #expect(verdict.ruleIDs == ["result.unknown-status", "signature.missing"])
        #expect(verdict.score == 200)
        let report = verdict.report
        #expect(report.contains("decision: refuse 400"))
        #expect(report.contains("score: 200 (threshold 50)"))
        #expect(report.contains("[block] result.unknown-status (+100): Status is not Idle"))
        #expect(verdict.clientMessage?.isEmpty == false)
    }

    @Test("log summaries and reports carry no unlock token, bootstrap token, push magic or challenge")
    func noSecretsLogged() throws {
        let tokenUpdate = try F.data("TokenUpdate.1.plist")
        let text = String(decoding: tokenUpdate, as: UTF8.self)
        let pushMagic = "CEFDF0BD-E342-4A27-8742-E930EA116B0A"
        #expect(text.contains(pushMagic))
        let unlockPrefix = "REFUQQAABORWRVJTAAAABAAAAARUWVBF"
        #expect(text.contains(unlockPrefix))

        let bootstrapSecret = Data("BOOTSTRAP-SECRET-0123456789".utf8)
        let setBootstrap = CheckinMessage.setBootstrapToken(SetBootstrapTokenMessage(
            identity: EnrollmentIdentity(enrollment: .device(UDID(F.udid)!)), bootstrapToken: bootstrapSecret)).body()
        // The same secrets in a message that is refused: a wrong-typed key next to them.
        let refused = Data(text.replacingOccurrences(of: "<key>AwaitingConfiguration</key>\n\t<false/>",
                                                     with: "<key>AwaitingConfiguration</key>\n\t<string>no</string>").utf8)
        let challenge = "CHALLENGE-NONCE-77f1"
        let inspector = Inspector()
        let clearPasscode = try MDMCommand.clearPasscode(unlockToken: Data("UNLOCK-SECRET".utf8))
        let verdicts = [
            inspector.inspect(F.checkin(tokenUpdate)),
            inspector.inspect(F.checkin(refused)),
            inspector.inspect(F.checkin(setBootstrap)),
            Inspector(policy: InspectionPolicy(detectOnly: true)).inspect(F.checkin(refused, signature: nil)),
            inspector.inspect(InspectedResponse(status: 200, body: CheckinReply.userAuthenticate(.challenge(challenge)).body), for: .checkin),
            inspector.inspect(InspectedResponse(status: 200, body: CheckinReply.bootstrapToken(bootstrapSecret).body), for: .checkin),
            inspector.inspect(InspectedResponse(status: 200, body: clearPasscode.wireData()), for: .connect),
        ]
        #expect(verdicts[1].ruleIDs == ["checkin.wrong-type"])
        let secrets = [pushMagic, unlockPrefix, "BOOTSTRAP-SECRET", bootstrapSecret.base64EncodedString(), challenge,
                       Data("UNLOCK-SECRET".utf8).base64EncodedString(), "UNLOCK-SECRET", "R+juwGLC9yns"]
        for verdict in verdicts {
            for output in [verdict.logSummary, verdict.report, verdict.clientMessage ?? "", "\(verdict.subject)"] {
                for secret in secrets {
                    #expect(!output.contains(secret), "\(output)")
                }
            }
        }
        #expect(verdicts[0].logSummary.contains("message=TokenUpdate"))
        #expect(verdicts[0].logSummary.contains("device=\(F.udid)"))
    }

    @Test("every rule's refusal status is one a device is sent, never 401, and ids are unique")
    func ruleCatalogue() {
        let rules = InspectionRule.all
        #expect(Set(rules.map(\.id)).count == rules.count)
        #expect(rules.allSatisfy { [400, 403, 413, 429, 503].contains($0.status) })
        #expect(rules.allSatisfy { $0.weight > 0 && !$0.summary.isEmpty })
    }
}
