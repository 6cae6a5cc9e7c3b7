import Compliance
import Foundation
import Hummingbird
import PalisadeCore
import PatchIntel

extension AdminAPI {
    struct MakerView: Encodable, Sendable {
        var maker: String
        var score: Double?
        var basis: String
        var medianLagDays: Double?
        var lagSamples: Int
        var lagPoints: Double?
        var committedYears: Double?
        var commitmentPoints: Double?
        var modelsMeasured: [String]
        var modelsCommitted: [String]
        var modelsWithoutCommitment: [String]

        init(_ score: MakerScore) {
            maker = score.maker
            self.score = score.score.map(Self.rounded)
            basis = score.basis.rawValue
            medianLagDays = score.medianLagDays
            lagSamples = score.lagSamples
            lagPoints = score.lagPoints.map(Self.rounded)
            committedYears = score.committedYears.map(Self.rounded)
            commitmentPoints = score.commitmentPoints.map(Self.rounded)
            modelsMeasured = score.modelsMeasured
            modelsCommitted = score.modelsCommitted
            modelsWithoutCommitment = score.modelsWithoutCommitment
        }

        static func rounded(_ value: Double) -> Double { (value * 10).rounded() / 10 }
    }

    struct ModelView: Encodable, Sendable {
        var platform: Platform
        var maker: String
        var model: String
        var devices: Int
        var behind: Int
        var shareBehind: Double?
        var lagSamples: Int
        var medianLagDays: Double?
        var percentile90LagDays: Int?
        var worstLagDays: Int?
    }

    struct MakersReport: Encodable, Sendable {
        var generatedAt: Date
        var makers: [MakerView]
        var models: [ModelView]
        /// First reports of levels that are no bulletin or builds the catalogue does not know.
        var rejectedReports: Int
    }

    struct AdviceView: Encodable, Sendable {
        var platform: Platform
        var maker: String
        var model: String
        var released: CalendarDay?
        var supportEnds: CalendarDay?
        var marginDays: Int?
        var medianLagDays: Double?
        var lagSource: String
        var standing: String
        var hasPublishedCommitment: Bool
        var note: String
    }

    struct AdviceReport: Encodable, Sendable {
        var generatedAt: Date
        var years: Int
        var projectEnds: CalendarDay
        var items: [AdviceView]
    }

    @Sendable func makersReport(_ request: Request, _ context: AdminContext) async throws -> Response {
        _ = try QueryReader(request, allowed: [])
        let service = try complianceService()
        let evaluation = try await service.evaluate()
        let catalogue = evaluation.catalogue
        let today = CalendarDay(evaluation.now)
        let lag = PatchLagMeasurement(reports: try await service.patchReports(), catalogue: catalogue, today: today)
        let standing = FleetPatchStanding(assessments: evaluation.report.assessments, catalogue: catalogue)
        var keys = Set(standing.models.map(\.key))
        keys.formUnion(lag.models.map(\.key))
        let models = keys.sorted().map { key in
            let stood = standing.standing(for: key)
            let measured = lag.lag(for: key)
            return ModelView(
                platform: key.platform, maker: key.maker, model: key.model, devices: stood?.devices ?? 0, behind: stood?.behind ?? 0,
                shareBehind: stood?.shareBehind.map { ($0 * 1000).rounded() / 1000 }, lagSamples: measured?.sampleCount ?? 0,
                medianLagDays: measured?.medianLagDays, percentile90LagDays: measured?.percentile90LagDays, worstLagDays: measured?.worstLagDays
            )
        }
        // Makers with devices in the fleet or measured lag; the catalogue's others would only be commitments.
        let present = Set(keys.map(\.makerFamily))
        let makers = MakerScore.scores(lag: lag, catalogue: catalogue, today: today).filter { present.contains(ModelKey.makerFamily(of: $0.maker)) }
        return try json(MakersReport(generatedAt: evaluation.now, makers: makers.map(MakerView.init), models: models, rejectedReports: lag.rejectedReports))
    }

    @Sendable func purchaseAdvice(_ request: Request, _ context: AdminContext) async throws -> Response {
        let query = try QueryReader(request, allowed: ["years", "platform"])
        guard let text = try query.string("years", maximumLength: 2), let years = Int(text), (1...15).contains(years),
              text.allSatisfy(\.isASCII) else {
            throw APIError.invalid("query parameter 'years' must be a whole number of years, 1 to 15")
        }
        let platform = try query.choice("platform", Platform.self)
        let service = try complianceService()
        let catalogue = try await service.catalogues.catalogue()
        let now = clock.now
        let today = CalendarDay(now)
        let lag = PatchLagMeasurement(reports: try await service.patchReports(), catalogue: catalogue, today: today)
        let advice = PurchaseAdvice.rank(catalogue: catalogue, lag: lag, today: today, years: years, platform: platform)
        let items = advice.candidates.map { candidate in
            AdviceView(
                platform: candidate.model.platform, maker: candidate.model.maker, model: candidate.model.model, released: candidate.model.released,
                supportEnds: candidate.supportEnds, marginDays: candidate.marginDays, medianLagDays: candidate.medianLagDays,
                lagSource: candidate.lagSource.rawValue, standing: "\(candidate.standing)", hasPublishedCommitment: candidate.hasPublishedCommitment,
                note: candidate.note
            )
        }
        return try json(AdviceReport(generatedAt: now, years: years, projectEnds: advice.projectEnds, items: items))
    }
}
