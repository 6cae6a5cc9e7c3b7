import Foundation
import PalisadeCore
import PatchIntel

/// The catalogue built from the data shipped with Palisade, once for all tests.
enum Fixtures {
    static let catalogue: PatchCatalogue = {
        do {
            return try PatchCatalogue(sources: BundledCatalogue.sources())
        } catch {
            fatalError("the bundled catalogue does not load: \(error)")
        }
    }()

    static func day(_ text: String) -> CalendarDay {
        do { return try CalendarDay(parsing: text) } catch { fatalError("\(error)") }
    }

    static func android(_ maker: String, _ model: String, os: String = "16", level: String?) -> Device {
        Device(platform: .android, maker: maker, model: model, osVersion: os, securityPatchLevel: level, enrollmentState: .enrolled, createdAt: Date(timeIntervalSince1970: 0))
    }

    /// A measured lag from lags alone: each sample published on `published` and first reported `lag` days later.
    static func lag(_ maker: String, _ model: String, _ lags: [Int], published: String = "2026-08-03") -> ModelPatchLag {
        let start = Self.day(published)
        let samples = lags.enumerated().map { index, lag in
            PatchLagSample(publication: "sample \(index)", published: start, firstReportedAt: start.adding(days: lag), levels: [], devices: 1)
        }
        guard let measured = ModelPatchLag(key: ModelKey(platform: .android, maker: maker, model: model), samples: samples) else { fatalError("no lags") }
        return measured
    }

    static func apple(_ model: String, version: String?, build: String? = nil) -> Device {
        Device(platform: .ios, maker: "Apple", model: model, osVersion: version, osBuild: build, enrollmentState: .enrolled, createdAt: Date(timeIntervalSince1970: 0))
    }
}
