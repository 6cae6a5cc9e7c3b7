import Compliance
import Foundation
import Hummingbird
import PalisadeCore
import PatchIntel

extension AdminAPI {
    /// `PUT /api/catalog/sources`: newer copies of the catalogue's source files, named as upstream lays them out.
    struct CatalogSourcesRequest: Decodable, Sendable {
        var files: [String: String]

        private enum CodingKeys: String, CodingKey, CaseIterable { case files }

        init(from decoder: any Decoder) throws {
            let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
            files = try container.decode([String: String].self, forKey: .files)
        }

        /// The sources, or a 400 that lists what is missing or not a catalogue file.
        func sources() throws -> CatalogueSources {
            var texts: [String: String] = [:]
            var feed: Data?
            var unknown: [String] = []
            for (name, content) in files {
                if name == "sofa/ios_data_feed.json" {
                    feed = Data(content.utf8)
                } else if name.hasPrefix("endoflife/products/"), name.hasSuffix(".md"),
                    case let product = String(name.dropFirst("endoflife/products/".count).dropLast(3)),
                    CatalogueSources.requiredProducts.contains(product) {
                    texts[product] = content
                } else {
                    unknown.append(name)
                }
            }
            guard unknown.isEmpty else { throw APIError.invalid("not catalogue files: \(unknown.sorted().joined(separator: ", "))") }
            let missing = CatalogueSources.requiredProducts.filter { texts[$0] == nil }.map { "endoflife/products/\($0).md" }
                + (feed == nil ? ["sofa/ios_data_feed.json"] : [])
            guard missing.isEmpty else { throw APIError.invalid("missing catalogue files: \(missing.joined(separator: ", "))") }
            return CatalogueSources(endOfLife: texts, sofaFeed: feed ?? Data())
        }
    }

    /// One device's row of the patch report.
    struct PatchRow: Encodable, Sendable {
        var deviceId: DeviceID
        var name: String?
        var platform: Platform
        var maker: String?
        var model: String?
        var catalogueModel: String?
        var osVersion: String?
        var patch: String?
        var currentPatch: CalendarDay?
        var newestAvailable: CalendarDay?
        var patchAgeDays: Int?
        var bulletinsMissed: Int?
        var exploitedCVEs: [String]
        var supportDaysLeft: Int?
        var modelSupport: String?
        var osSupport: String?
        var lifecycle: PatchAssessment.Lifecycle
        var findings: [PatchFinding]

        init(_ device: Device, _ assessment: PatchAssessment) {
            deviceId = device.id
            name = device.name
            platform = device.platform
            maker = device.maker
            model = device.model
            catalogueModel = assessment.model
            osVersion = device.osVersion
            patch = device.platform == .android ? device.securityPatchLevel : device.osBuild
            currentPatch = assessment.currentPatch
            newestAvailable = assessment.newestAvailable
            patchAgeDays = assessment.patchAgeDays
            bulletinsMissed = assessment.bulletinsMissed
            exploitedCVEs = assessment.exploitedCVEs
            supportDaysLeft = assessment.supportDaysLeft
            modelSupport = assessment.modelSupport?.description
            osSupport = assessment.osSupport?.description
            lifecycle = assessment.lifecycle
            findings = assessment.findings
        }
    }

    struct PatchReport: Encodable, Sendable {
        var generatedAt: Date
        var catalogue: String
        var items: [PatchRow]
    }

    /// One device's row of the compliance report.
    struct ComplianceRow: Encodable, Sendable {
        var deviceId: DeviceID
        var name: String?
        var platform: Platform
        var model: String?
        var policy: String
        var verdict: ComplianceVerdict
        var reasons: [ComplianceReason]
        var failingSince: Date?
        var graceEndsAt: Date?
        var actionsDue: [GradedAction.Kind]
        var accessBlocked: Bool
    }

    struct ComplianceReport: Encodable, Sendable {
        var generatedAt: Date
        var summaries: [FleetRiskSummary]
        var items: [ComplianceRow]
    }

    func complianceService() throws -> ComplianceService {
        guard let compliance else { throw APIError(.serviceUnavailable, "unavailable", "this core has no compliance service") }
        return compliance
    }

    @Sendable func catalogStatus(_ request: Request, _ context: AdminContext) async throws -> Response {
        _ = try QueryReader(request, allowed: [])
        return try json(try await complianceService().catalogues.status())
    }

    @Sendable func importCatalogSources(_ request: Request, _ context: AdminContext) async throws -> Response {
        _ = try QueryReader(request, allowed: [])
        let service = try complianceService()
        let input = try await body.decode(CatalogSourcesRequest.self, from: request)
        let sources = try input.sources()
        let overrides = try await currentOverrides()
        do {
            _ = try PatchCatalogue(sources: sources, overrides: overrides)
        } catch {
            throw APIError.invalid("the catalogue does not build from these files: \(error)")
        }
        let by = context.administrator?.name
        try await storage.replaceCatalogueDocuments(
            PatchCatalogueCache.documents(of: sources, at: clock.now, by: by), prefix: PatchCatalogueCache.sourcesPrefix
        )
        try await audit(context, "catalog.import", target: nil, detail: .object(["files": .number(Double(input.files.count))]))
        return try json(try await service.catalogues.status())
    }

    @Sendable func catalogOverrides(_ request: Request, _ context: AdminContext) async throws -> Response {
        _ = try QueryReader(request, allowed: [])
        _ = try complianceService()
        return try json(try await currentOverrides())
    }

    @Sendable func replaceCatalogOverrides(_ request: Request, _ context: AdminContext) async throws -> Response {
        _ = try QueryReader(request, allowed: [])
        let service = try complianceService()
        let overrides = try await body.decode(CatalogueOverrides.self, from: request)
        let documents = try await storage.catalogueDocuments().filter { $0.name.hasPrefix(PatchCatalogueCache.sourcesPrefix) }
        do {
            let sources = documents.isEmpty ? try BundledCatalogue.sources() : try PatchCatalogueCache.sources(from: documents)
            _ = try PatchCatalogue(sources: sources, overrides: overrides)
        } catch {
            throw APIError.invalid("the catalogue does not build with these overrides: \(error)")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let document = CatalogueDocument(
            name: PatchCatalogueCache.overridesName, content: try encoder.encode(overrides), updatedAt: clock.now, updatedBy: context.administrator?.name
        )
        try await storage.replaceCatalogueDocuments([document], prefix: PatchCatalogueCache.overridesName)
        try await audit(context, "catalog.overrides", target: nil, detail: .object([
            "makers": .number(Double(overrides.makers.count)), "models": .number(Double(overrides.models.count)),
        ]))
        return try json(try await service.catalogues.status())
    }

    private func currentOverrides() async throws -> CatalogueOverrides {
        guard let stored = try await storage.catalogueDocuments().first(where: { $0.name == PatchCatalogueCache.overridesName }) else {
            return CatalogueOverrides()
        }
        return try JSONDecoder().decode(CatalogueOverrides.self, from: stored.content)
    }

    @Sendable func patchReport(_ request: Request, _ context: AdminContext) async throws -> Response {
        let query = try QueryReader(request, allowed: ["platform"])
        let platform = try query.choice("platform", Platform.self)
        let evaluation = try await complianceService().evaluate()
        let rows = zip(evaluation.devices, evaluation.report.assessments)
            .filter { platform == nil || $0.0.platform == platform }
            .map { PatchRow($0.0, $0.1) }
        return try json(PatchReport(generatedAt: evaluation.now, catalogue: evaluation.catalogueStatus.source, items: rows))
    }

    @Sendable func complianceReport(_ request: Request, _ context: AdminContext) async throws -> Response {
        let query = try QueryReader(request, allowed: ["verdict"])
        let verdict = try query.choice("verdict", ComplianceVerdict.self)
        let evaluation = try await complianceService().evaluate()
        let rows = zip(evaluation.devices, evaluation.report.results).filter { verdict == nil || $0.1.verdict == verdict }.map { device, result in
            ComplianceRow(
                deviceId: device.id, name: device.name, platform: device.platform, model: device.model, policy: result.policy, verdict: result.verdict,
                reasons: result.reasons, failingSince: result.failingSince, graceEndsAt: result.graceEndsAt, actionsDue: result.actionsDue,
                accessBlocked: result.accessBlocked
            )
        }
        return try json(ComplianceReport(generatedAt: evaluation.now, summaries: evaluation.report.summaries, items: rows))
    }

    @Sendable func evaluateCompliance(_ request: Request, _ context: AdminContext) async throws -> Response {
        _ = try QueryReader(request, allowed: [])
        let outcome = try await complianceService().evaluateAndAct()
        return try json(outcome)
    }

    struct PoliciesView: Encodable, Sendable {
        var defaultPolicy: String
        var intervalSeconds: Int
        var policies: [CompliancePolicy]
    }

    @Sendable func compliancePolicies(_ request: Request, _ context: AdminContext) async throws -> Response {
        _ = try QueryReader(request, allowed: [])
        let settings = try complianceService().settings
        let configured = Set(settings.policies.map(\.name))
        let policies = settings.policies + RiskTier.allCases.map(\.defaultPolicy).filter { !configured.contains($0.name) }
        return try json(PoliciesView(defaultPolicy: settings.defaultPolicy, intervalSeconds: settings.intervalSeconds, policies: policies))
    }

    @Sendable func deviceCompliance(_ request: Request, _ context: AdminContext) async throws -> Response {
        _ = try QueryReader(request, allowed: [])
        let id = try deviceID(context)
        _ = try complianceService()
        guard try await storage.device(id) != nil else { throw APIError.notFound("no device with id \(id)") }
        guard let record = try await storage.complianceRecord(of: id) else {
            throw APIError.notFound("device \(id) has not been evaluated yet; it is evaluated with the fleet (POST /api/compliance/evaluate)")
        }
        return try json(record)
    }
}
