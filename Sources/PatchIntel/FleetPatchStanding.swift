import PalisadeCore

/// The fleet's assessments grouped by model: per model, how many devices are behind on patches.
///
/// Behind is measured against the newest patch the model could have (`PatchAssessment.patchAgeDays`), so an
/// end-of-life model at its last patch is not behind: what is wrong with it is its lifecycle, reported elsewhere.
/// Devices whose model the catalogue does not know cannot be grouped with their maker's, and are counted apart.
public struct FleetPatchStanding: Sendable {
    /// What makes a device behind.
    public enum Criterion: Sendable, Hashable {
        /// Its patch is more than `days` older than the newest its model could have; 0 means "not on the newest".
        case olderThan(days: Int)
        /// It has missed a bulletin with fixes (Android) or a security release (Apple); a `-01` level in the newest
        /// month is not behind by this measure.
        case missedBulletin
    }

    public let criterion: Criterion
    /// In key order.
    public let models: [ModelPatchStanding]
    /// Assessments with no catalogue model.
    public let unidentifiedDevices: Int

    public init(assessments: [PatchAssessment], catalogue: PatchCatalogue, criterion: Criterion = .olderThan(days: 0)) {
        // An assessment names its model by the catalogue's name, not its maker; names do not repeat across makers
        // of a platform in the published data, and if an override made them, the first entry's maker is taken.
        var makers: [String: String] = [:]
        for entry in catalogue.models {
            let name = "\(entry.platform.rawValue)|\(MatchKey.of(entry.model))"
            if makers[name] == nil { makers[name] = entry.maker }
        }
        var counts: [ModelKey: (devices: Int, judged: Int, behind: Int)] = [:]
        var unidentified = 0
        for assessment in assessments {
            guard let model = assessment.model else {
                unidentified += 1
                continue
            }
            let maker = makers["\(assessment.platform.rawValue)|\(MatchKey.of(model))"] ?? (assessment.platform == .ios ? "Apple" : "")
            let key = ModelKey(platform: assessment.platform, maker: maker, model: model)
            var count = counts[key] ?? (0, 0, 0)
            count.devices += 1
            if let behind = Self.isBehind(assessment, by: criterion) {
                count.judged += 1
                if behind { count.behind += 1 }
            }
            counts[key] = count
        }
        self.criterion = criterion
        models = counts.keys.sorted().map { key in
            let count = counts[key] ?? (0, 0, 0)
            return ModelPatchStanding(key: key, devices: count.devices, judged: count.judged, behind: count.behind)
        }
        unidentifiedDevices = unidentified
    }

    /// Whether the device is behind; nil when its patch could not be judged.
    private static func isBehind(_ assessment: PatchAssessment, by criterion: Criterion) -> Bool? {
        switch criterion {
        case .olderThan(let days): assessment.patchAgeDays.map { $0 > days }
        case .missedBulletin: assessment.bulletinsMissed.map { $0 > 0 }
        }
    }

    public func standing(for key: ModelKey) -> ModelPatchStanding? {
        models.first { $0.key == key }
    }
}
