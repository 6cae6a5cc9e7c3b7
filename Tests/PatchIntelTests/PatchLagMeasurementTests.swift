import PalisadeCore
import PatchIntel
import Testing

/// Lag measured from hand-made first reports against the shipped catalogue. Bulletins come out on the first Monday
/// of the month: 2025-06-02, 2025-08-04, 2025-09-01, 2025-10-06, 2026-03-02, 2026-04-06, 2026-05-04, 2026-06-01,
/// 2026-07-06, 2026-08-03, 2026-09-07. SOFA: 26.5 (23F77) 2026-05-11, 26.5.2 (23F84) 2026-06-29, 26.6 (23G6071 among
/// its builds) 2026-07-27, 26.6.1 (23G83) 2026-08-17.
@Suite struct PatchLagMeasurementTests {
    static let today = Fixtures.day("2026-09-15")

    static func android(_ maker: String, _ model: String, _ level: String, _ reported: String, devices: Int = 1) -> PatchReport {
        PatchReport(platform: .android, maker: maker, model: model, level: level, firstReportedAt: Fixtures.day(reported), devices: devices)
    }

    static func apple(_ model: String, _ build: String, _ reported: String) -> PatchReport {
        PatchReport(platform: .ios, maker: "Apple", model: model, level: build, firstReportedAt: Fixtures.day(reported), devices: 1)
    }

    static let pixel8 = [
        // The model's first report: it joined the fleet on 03-10, after March's bulletin (03-02) was out.
        android("Google", "Pixel 8", "2026-03-05", "2026-03-10", devices: 4),
        android("Google", "Pixel 8", "2026-04-01", "2026-04-09", devices: 2),  // 04-06 → 3
        android("google", "pixel-8", "2026-04-05", "2026-04-20"),  // April again: the earlier first report stands
        android("Google", "Pixel 8", "2026-05-05", "2026-05-06"),  // 05-04 → 2
        android("Google", "Pixel 8", "2026-06-05", "2026-06-11"),  // 06-01 → 10
        android("Google", "Pixel 8", "2026-07-05", "2026-07-06"),  // 07-06 → 0
        android("Google", "Pixel 8", "2026-08-05", "2026-07-30"),  // 08-03, reported before it: clamped to 0
        android("Google", "Pixel 8", "2026-09-05", "2026-09-14"),  // 09-07 → 7
        // Rejected: not a bulletin, or not yet.
        android("Google", "Pixel 8", "2026-10-05", "2026-09-14"),
        android("Google", "Pixel 8", "2015-07-01", "2026-04-01"),
        android("Google", "Pixel 8", "2026-9-5", "2026-09-14"),
        android("Google", "Pixel 8", "2026-09-01", "2026-09-20"),
    ]

    static let galaxyS24 = [
        android("samsung", "Galaxy S24", "2025-05-01", "2025-05-20"),  // first report, after May's bulletin (05-05)
        android("samsung", "Galaxy S24", "2025-06-01", "2025-06-30"),  // 06-02 → 28
        android("samsung", "Galaxy S24", "2025-07-01", "2025-07-25"),  // July 2025 listed no fixes
        android("samsung", "Galaxy S24", "2025-08-01", "2025-08-29"),  // 08-04 → 25
        android("samsung", "Galaxy S24", "2025-09-01", "2025-10-06"),  // 09-01 → 35
        android("samsung", "Galaxy S24", "2025-10-01", "2025-11-20"),  // 10-06 → 45
    ]

    static let iPhone14Pro = [
        apple("iPhone15,2", "23F77", "2026-05-12"),  // first report, a day after 26.5
        apple("iPhone15,2", "23F84", "2026-07-01"),  // 26.5.2 06-29 → 2
        apple("iPhone15,2", "23G6071", "2026-07-28"),  // 26.6 07-27 → 1
        apple("iPhone15,2", "23G83", "2026-08-24"),  // 26.6.1 08-17 → 7
        apple("iPhone15,2", "99Z999", "2026-08-24"),
    ]

    let measurement = PatchLagMeasurement(reports: pixel8 + galaxyS24 + iPhone14Pro, catalogue: Fixtures.catalogue, today: today)

    @Test func aPixelsLagIsMeasuredFromEachBulletinsFirstMonday() throws {
        let lag = try #require(measurement.lag(for: ModelKey(platform: .android, maker: "Google", model: "Pixel 8")))
        #expect(lag.samples.map(\.publication) == ["2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09"])
        #expect(lag.samples.map(\.lagDays) == [3, 2, 10, 0, 0, 7])
        // Sorted 0 0 2 3 7 10: median (2 + 3) / 2; 90th percentile by nearest rank is the 6th of 6.
        #expect(lag.sampleCount == 6)
        #expect(lag.medianLagDays == 2.5)
        #expect(lag.percentile90LagDays == 10)
        #expect(lag.worstLagDays == 10)
        // Both April levels, spelled two ways, are one bulletin of one model.
        let april = try #require(lag.samples.first)
        #expect(april.levels == ["2026-04-01", "2026-04-05"])
        #expect(april.devices == 3)
        #expect(april.firstReportedAt == Fixtures.day("2026-04-09"))
    }

    @Test func aMonthWithoutFixesMeasuresNothing() throws {
        let lag = try #require(measurement.lag(for: ModelKey(platform: .android, maker: "Samsung", model: "Galaxy S24")))
        #expect(lag.samples.map(\.publication) == ["2025-06", "2025-08", "2025-09", "2025-10"])
        #expect(lag.samples.map(\.lagDays) == [28, 25, 35, 45])
        #expect(lag.medianLagDays == 31.5)
        #expect(lag.percentile90LagDays == 45)
        #expect(lag.worstLagDays == 45)
        let july = measurement.skipped.filter { $0.report.level == "2025-07-01" }
        #expect(july.map(\.reason) == [.bulletinWithoutFixes(month: "2025-07")])
        #expect(july.allSatisfy { !$0.reason.isRejection })
    }

    @Test func aPatchPublishedBeforeTheModelFirstReportedMeasuresOnlyWhenItJoinedTheFleet() {
        let early = measurement.skipped.filter {
            if case .publishedBeforeModelReported = $0.reason { true } else { false }
        }
        #expect(early.map(\.report.level) == ["2026-03-05", "2025-05-01", "23F77"])
        #expect(early.map(\.reason) == [
            .publishedBeforeModelReported(firstReport: Fixtures.day("2026-03-10")),
            .publishedBeforeModelReported(firstReport: Fixtures.day("2025-05-20")),
            .publishedBeforeModelReported(firstReport: Fixtures.day("2026-05-12")),
        ])
    }

    @Test func levelsThatAreNoBulletinAndUnknownBuildsAreRejected() {
        let rejected = measurement.skipped.filter(\.reason.isRejection)
        #expect(measurement.rejectedReports == 5)
        #expect(rejected.map(\.report.level) == ["2026-10-05", "2015-07-01", "2026-9-5", "2026-09-01", "99Z999"])
        #expect(rejected[0].reason == .inFuture)
        #expect(rejected[1].reason == .beforeFirstBulletin(Fixtures.day("2015-07-01")))
        guard case .malformedLevel(let why) = rejected[2].reason else {
            Issue.record("\(rejected[2].reason)")
            return
        }
        #expect(why.contains("2026-9-5"))
        // Reported after the day measured.
        #expect(rejected[3].reason == .inFuture)
        #expect(rejected[4].reason == .unknownBuild("99Z999"))
    }

    @Test func rejectedReportsDoNotCountAsTheModelsFirstReport() throws {
        // Alone, a model's only valid report is its first: nothing measured, even with an older bogus report.
        let alone = PatchLagMeasurement(reports: [
            Self.android("Google", "Pixel 9", "2014-01-01", "2026-01-01"),
            Self.android("Google", "Pixel 9", "2026-09-05", "2026-09-10"),
        ], catalogue: Fixtures.catalogue, today: Self.today)
        #expect(alone.models.isEmpty)
        #expect(alone.skipped.map(\.reason) == [.beforeFirstBulletin(Fixtures.day("2014-01-01")), .publishedBeforeModelReported(firstReport: Fixtures.day("2026-09-10"))])
    }

    @Test func appleLagRunsFromTheReleaseOfTheBuild() throws {
        // iPhone15,2 is the catalogue's iPhone 14 Pro.
        let lag = try #require(measurement.lag(for: ModelKey(platform: .ios, maker: "Apple", model: "iPhone 14 Pro")))
        #expect(lag.samples.map(\.publication) == ["26.5.2", "26.6", "26.6.1"])
        #expect(lag.samples.map(\.lagDays) == [2, 1, 7])
        #expect(lag.medianLagDays == 2)
        #expect(lag.percentile90LagDays == 7)
        #expect(lag.worstLagDays == 7)
    }

    @Test func aMakersLagPoolsItsModelsMediansWeightedBySamples() {
        let pixel9 = [
            Self.android("Google", "Pixel 9", "2026-08-05", "2026-08-01"),  // 08-03, its first report: lag 0
            Self.android("Google", "Pixel 9", "2026-09-01", "2026-09-15"),  // 09-07 → 8
        ]
        let google = PatchLagMeasurement(reports: Self.pixel8 + pixel9, catalogue: Fixtures.catalogue, today: Self.today)
        #expect(google.lag(for: ModelKey(platform: .android, maker: "Google", model: "Pixel 9"))?.medianLagDays == 4)
        // Pixel 8: 2.5 over 6 samples, Pixel 9: 4 over 2; half of 8 is reached within the Pixel 8's.
        #expect(google.makerMedianLagDays("google") == 2.5)
        #expect(google.models(ofMaker: "Google LLC").count == 2)
        #expect(google.makerMedianLagDays("Samsung") == nil)
    }
}
