import Core
import Foundation
import PalisadeCore
import PatchIntel
import Simulator
import Testing

extension LiveSystemTests {
    /// `palisade report`, `palisade catalog` as an administrator runs them against a live core with an enrolled
    /// simulated iPhone.
    @Suite struct ReportCommandTests {
        @Test func reportsAndTheCatalogueWorkFromTheCommandLine() async throws {
            let core = try await LiveCore.start()
            let fleet = SimulatedFleet(standIn: core.standIn)
            await fleet.enroll(count: 1, concurrency: 1) { _ in try await core.invitationURL() }
            let device = try #require(await fleet.devices.first)
            let stored = try #require(try await core.storage.device(hardwareID: device.hardware.udid))
            let client = ["--url", core.adminURL, "--token", core.token]
            func run(_ arguments: [String]) throws -> String {
                let (status, output) = try PalisadeUpTests.runToCompletion(arguments + client)
                #expect(status == 0, "\(arguments): \(output)")
                return output
            }

            // The simulated iPhone reports its model and build at enrolment; the report judges them.
            let csv = try run(["report", "patch", "--format", "csv"]).split(separator: "\n")
            #expect(csv.first == "deviceId,name,platform,maker,model,catalogueModel,osVersion,patch,patchAgeDays,bulletinsMissed,exploitedCVEs,supportDaysLeft,lifecycle,findings")
            let row = try #require(csv.first { $0.hasPrefix(stored.id.description) })
            // The model identifier holds a comma, so CSV quotes it.
            #expect(row.contains(",ios,Apple,\"\(stored.model ?? "?")\","), "\(row)")
            let json = try run(["report", "patch", "--format", "json"])
            let report = try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))
            let item = try #require(report["items"]?.arrayValue?.first)
            #expect(item["patch"] == .string(stored.osBuild ?? "?"))
            #expect(item["lifecycle"] != nil && item["findings"]?.arrayValue != nil)

            let compliance = try run(["report", "compliance"])
            #expect(compliance.contains(stored.id.description) && compliance.contains("standard"), "\(compliance)")
            #expect(compliance.contains("NONCOMPLIANT") && compliance.contains("MEDIANPATCHAGEDAYS"), "the summary table follows: \(compliance)")

            let policies = try run(["report", "policies"])
            #expect(policies.contains("default policy: standard") && policies.contains("high-threat (high-threat): grace 2 days"), "\(policies)")
            #expect(policies.contains("maxPatchAgeDays=30") && policies.contains("lock@7d"), "\(policies)")

            // The iPhone's enrolment is the first report of its build: one lag sample for its model.
            let makers = try run(["report", "makers"])
            #expect(makers.contains("Apple") && makers.contains("BASIS"), "\(makers)")
            let advice = try run(["advise", "--years", "5", "--platform", "android", "--format", "csv"]).split(separator: "\n")
            #expect(advice.first == "standing,platform,maker,model,released,supportEnds,marginDays,medianLagDays,lagSource,note")
            #expect(advice.dropFirst().first?.hasPrefix("outlastsProject,android,") == true, "\(advice.prefix(3))")
            #expect(advice.dropFirst().allSatisfy { $0.contains(",android,") })
            let apple = try run(["advise", "--years", "5", "--platform", "ios"])
            #expect(apple.contains("noPublishedCommitment") && !apple.contains("outlastsProject"), "\(apple)")
            let (badYears, refusal) = try PalisadeUpTests.runToCompletion(["advise", "--years", "0"] + client)
            #expect(badYears != 0 && refusal.contains("--years must be 1 to 15"))

            #expect(try run(["catalog", "show"]).contains("shipped with Palisade"))
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("palisade-catalog-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            try FileManager.default.copyItem(at: try #require(BundledCatalogue.directory), to: directory)
            let imported = try run(["catalog", "import", directory.path])
            #expect(imported.contains("imported"), "\(imported)")
            // A directory missing a product is refused before anything is sent.
            try FileManager.default.removeItem(at: directory.appendingPathComponent("endoflife/products/pixel.md"))
            let (status, refused) = try PalisadeUpTests.runToCompletion(["catalog", "import", directory.path] + client)
            #expect(status != 0 && refused.contains("pixel"), "\(refused)")

            let overrides = directory.appendingPathComponent("overrides.json")
            try Data(#"{"makers":[{"maker":"Zebra","platform":"android","securityYears":5}]}"#.utf8).write(to: overrides)
            #expect(try run(["catalog", "overrides", "--set", overrides.path]).contains("1 makers"))
            #expect(try run(["catalog", "overrides"]).contains("Zebra"))
            await fleet.shutdown()
            await core.stop()
        }
    }
}
