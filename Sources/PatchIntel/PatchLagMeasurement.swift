import Foundation

/// Patch lag measured from the fleet's record of first reports: per model, how many days pass between a patch's
/// publication and the first device of the model reporting it.
///
/// What a sample is:
/// - Android: a level belongs to the bulletin of its month (`2026-09-01` and `2026-09-05` are both September's);
///   lag runs from the bulletin's publication (the first Monday) to the earliest first report of either level.
///   Bulletins that listed no fixes are skipped: there was nothing to ship.
/// - Apple: a build belongs to its release in the SOFA feed; lag runs from the release date. Apple ships to every
///   model on the day, so this measures the fleet's installing more than the maker's shipping.
/// - A patch published before the model's first report of anything is skipped: a device enrolled in June at
///   May's level says when the model joined the fleet, not when May's patch arrived. Only patches published while
///   the model was already being watched measure lag.
/// - Reports that name no real bulletin or release (unreadable, before August 2015, later than today, unknown
///   builds) are rejected, and do not count as the model's first report either.
public struct PatchLagMeasurement: Sendable {
    public let today: CalendarDay
    /// Models with at least one sample, in key order.
    public let models: [ModelPatchLag]
    /// Reports that measured nothing, with the reason, in the order given.
    public let skipped: [SkippedPatchReport]

    public init(today: CalendarDay, models: [ModelPatchLag], skipped: [SkippedPatchReport] = []) {
        self.today = today
        self.models = models.sorted { $0.key < $1.key }
        self.skipped = skipped
    }

    public init(reports: [PatchReport], catalogue: PatchCatalogue, today: CalendarDay) {
        let calendar = catalogue.androidCalendar(through: today)
        var skipped: [Int: SkippedPatchReport.Reason] = [:]
        var placed: [ModelKey: [(index: Int, publication: Publication)]] = [:]
        for (index, report) in reports.enumerated() {
            let publication: Publication
            switch Self.place(report, calendar: calendar, catalogue: catalogue, today: today) {
            case .publication(let found): publication = found
            case .skipped(let reason):
                skipped[index] = reason
                continue
            }
            let key = ModelKey(platform: report.platform, maker: report.maker, model: report.model, catalogue: catalogue)
            placed[key, default: []].append((index, publication))
        }
        var models: [ModelPatchLag] = []
        for (key, entries) in placed {
            guard let firstReport = entries.map({ reports[$0.index].firstReportedAt }).min() else { continue }
            var samples: [PatchLagSample] = []
            for group in Dictionary(grouping: entries, by: { $0.publication.name }).values {
                let publication = group[0].publication
                let indices = group.map(\.index)
                if !publication.hasFixes {
                    for index in indices { skipped[index] = .bulletinWithoutFixes(month: publication.name) }
                } else if publication.published < firstReport {
                    for index in indices { skipped[index] = .publishedBeforeModelReported(firstReport: firstReport) }
                } else {
                    samples.append(PatchLagSample(
                        publication: publication.name, published: publication.published,
                        firstReportedAt: indices.map { reports[$0].firstReportedAt }.min() ?? firstReport,
                        levels: Set(indices.map { reports[$0].level }).sorted(), devices: indices.reduce(0) { $0 + reports[$1].devices }
                    ))
                }
            }
            if let lag = ModelPatchLag(key: key, samples: samples) { models.append(lag) }
        }
        self.init(today: today, models: models, skipped: skipped.keys.sorted().compactMap { index in
            skipped[index].map { SkippedPatchReport(report: reports[index], reason: $0) }
        })
    }

    /// Reports that name no real bulletin or release.
    public var rejectedReports: Int { skipped.filter(\.reason.isRejection).count }

    public func lag(for key: ModelKey) -> ModelPatchLag? {
        models.first { $0.key == key }
    }

    /// The measured models of a maker family (`Samsung` takes in `samsung` and `Samsung Electronics`).
    public func models(ofMaker maker: String) -> [ModelPatchLag] {
        let family = MatchKey.maker(maker)
        return models.filter { $0.key.makerFamily == family }
    }

    /// The maker's lag: its models' median lags pooled, weighted by samples; nil when none was measured.
    public func makerMedianLagDays(_ maker: String) -> Double? {
        ModelPatchLag.pooledMedianLagDays(models(ofMaker: maker))
    }

    // MARK: -

    /// What a report's level belongs to.
    private struct Publication {
        /// The bulletin's month or the release's version.
        var name: String
        var published: CalendarDay
        var hasFixes: Bool
    }

    private enum Placement {
        case publication(Publication)
        case skipped(SkippedPatchReport.Reason)
    }

    private static func place(
        _ report: PatchReport, calendar: AndroidBulletinCalendar, catalogue: PatchCatalogue, today: CalendarDay
    ) -> Placement {
        guard report.firstReportedAt <= today else { return .skipped(.inFuture) }
        let text = report.level.trimmingCharacters(in: .whitespaces)
        switch report.platform {
        case .android:
            let level: CalendarDay
            do {
                level = try CalendarDay(parsing: text)
            } catch {
                return .skipped(.malformedLevel(error.description))
            }
            if level < AndroidBulletinCalendar.first { return .skipped(.beforeFirstBulletin(level)) }
            // The calendar holds only bulletins published by today.
            guard level <= today, let bulletin = calendar.bulletin(containing: level) else { return .skipped(.inFuture) }
            return .publication(Publication(name: bulletin.month, published: bulletin.published, hasFixes: bulletin.hasFixes))
        case .ios:
            guard let index = catalogue.releaseByBuild[text] else { return .skipped(.unknownBuild(text)) }
            let release = catalogue.appleReleases[index]
            guard release.released <= today else { return .skipped(.inFuture) }
            return .publication(Publication(name: release.version, published: release.released, hasFixes: true))
        }
    }
}
