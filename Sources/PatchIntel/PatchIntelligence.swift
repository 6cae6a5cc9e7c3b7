import PalisadeCore
import Synchronization

/// Judges devices against the catalogue on a given day. Pure and synchronous: build it once per evaluation
/// run, then `assess` each device (a dictionary lookup and a few comparisons each).
public struct PatchIntelligence: Sendable {
    public let catalogue: PatchCatalogue
    public let today: CalendarDay
    public let calendar: AndroidBulletinCalendar
    /// Apple model identifier → indices of the releases made for it, oldest first.
    private let appleReleasesFor: [String: [Int]]
    /// Release index → every CVE fixed by it or an earlier version of its track.
    private let fixedThrough: [Set<String>]
    /// Devices reporting the same facts get the same assessment, and a fleet has far fewer distinct
    /// (maker, model, OS, build or level) combinations than devices: each is worked out once.
    private let memo = AssessmentMemo()

    public init(catalogue: PatchCatalogue, today: CalendarDay) {
        self.catalogue = catalogue
        self.today = today
        calendar = catalogue.androidCalendar(through: today)
        var applicable: [String: [Int]] = [:]
        for (model, majors) in catalogue.majorsListing {
            applicable[model] = catalogue.appleReleases.indices.filter { index in
                let release = catalogue.appleReleases[index]
                return release.released <= today
                    && (release.supportedModels.contains(model) || (release.supportedModels.isEmpty && majors.contains(release.major)))
            }
        }
        appleReleasesFor = applicable
        let releases = catalogue.appleReleases
        fixedThrough = releases.map { installed in
            Set(releases.filter { $0.major == installed.major && Self.version($0.version, isAtMost: installed.version) }.flatMap(\.cves))
        }
    }

    public func assess(_ device: Device) -> PatchAssessment {
        let key = AssessmentMemo.Key(
            platform: device.platform, maker: device.maker, model: device.model, osVersion: device.osVersion, osBuild: device.osBuild,
            level: device.securityPatchLevel
        )
        if var known = memo.assessment(for: key) {
            known.deviceID = device.id
            return known
        }
        let made = switch device.platform {
        case .android: assessAndroid(device)
        case .ios: assessApple(device)
        }
        memo.store(made, for: key)
        return made
    }

    // MARK: - Android

    private func assessAndroid(_ device: Device) -> PatchAssessment {
        var findings: [PatchFinding] = []
        let entry = catalogue.model(platform: .android, maker: device.maker, model: device.model)
        if entry == nil { findings.append(.unknownModel(maker: device.maker, model: device.model)) }
        let os = catalogue.osVersion(system: "android", version: device.osVersion)
        // The newest level the model could have: the latest bulletin with fixes, or the last one before its
        // support ended.
        var ceiling = today
        var supportEnded: CalendarDay?
        if case .on(let end)? = entry?.securitySupport, end < today, entry?.supportEndIsCommitment == false {
            ceiling = end
            supportEnded = end
        }
        let newest = calendar.newestWithFixes(onOrBefore: ceiling)?.completeLevel
        var current: CalendarDay?
        var age: Int?
        var missed: Int?
        let reported = device.securityPatchLevel?.trimmingCharacters(in: .whitespaces) ?? ""
        if reported.isEmpty {
            findings.append(.noPatchReported)
        } else {
            do {
                let level = try CalendarDay(parsing: reported)
                current = level
                if level > today {
                    findings.append(.patchLevelInFuture(level))
                } else if level < AndroidBulletinCalendar.first {
                    findings.append(.patchLevelBeforeFirstBulletin(level))
                } else {
                    // A month's grace past the end: the last bulletin often ships in the following weeks.
                    if let supportEnded, level.dayNumber > supportEnded.dayNumber + 31 {
                        findings.append(.patchLevelBeyondSupport(level, supportEnded: supportEnded))
                    }
                    if let newest { age = max(0, level.days(until: newest)) }
                    missed = calendar.bulletinsWithFixes(after: level, publishedBy: today)
                }
            } catch {
                findings.append(.malformedPatchLevel(reported, reason: error.description))
            }
        }
        return finish(
            device: device, model: entry?.model, current: current, newest: newest, age: age, missed: missed, exploited: [],
            modelSupport: entry?.securitySupport, osSupport: os?.securitySupport, findings: findings
        )
    }

    // MARK: - Apple

    private func assessApple(_ device: Device) -> PatchAssessment {
        var findings: [PatchFinding] = []
        let identifier = device.model ?? ""
        let entry = catalogue.model(platform: .ios, maker: "Apple", model: identifier)
        let releases = catalogue.appleReleases
        let currentIndex = device.osBuild.flatMap { catalogue.releaseByBuild[$0] } ?? device.osVersion.flatMap { catalogue.releaseByVersion[$0] }
        var applicable = appleReleasesFor[identifier]
        if applicable == nil {
            // A model no release lists: judge it against its own track, the best there is.
            let major = currentIndex.map { releases[$0].major }
            applicable = releases.indices.filter { releases[$0].major == major && releases[$0].released <= today }
        }
        let candidates = applicable ?? []
        var modelSupport = entry?.securitySupport
        if case .on(let end)? = modelSupport, let last = appleReleasesFor[identifier]?.last, releases[last].released > end {
            // Apple shipped the model a release after the published end: the sources disagree, and the release is
            // the fact. It is supported, with no end published.
            modelSupport = .openEnded
        }
        if entry == nil {
            // Apple publishes no end of support; a model it still makes releases for is supported.
            if let last = appleReleasesFor[identifier]?.last, releases[last].released.days(until: today) <= 400 {
                modelSupport = .openEnded
            } else {
                findings.append(.unknownModel(maker: device.maker ?? "Apple", model: device.model))
            }
        }
        let system = identifier.hasPrefix("iPad") ? "ipados" : "ios"
        let os = catalogue.osVersion(system: system, version: device.osVersion)
        let newest = candidates.last.map { releases[$0].released }
        var current: CalendarDay?
        var age: Int?
        var missed: Int?
        var exploited: [String] = []
        if device.osBuild == nil && device.osVersion == nil {
            findings.append(.noPatchReported)
        } else if let currentIndex {
            let installed = releases[currentIndex]
            current = installed.released
            if let build = device.osBuild, !installed.supportedModels.isEmpty, !installed.supportedModels.contains(identifier),
                catalogue.majorsListing[identifier] != nil {
                findings.append(.buildNotForModel(build: build, model: identifier))
            }
            if let newest { age = max(0, installed.released.days(until: newest)) }
            let later = candidates.filter { releases[$0].released > installed.released }
            missed = Set(later.filter { !releases[$0].cves.isEmpty }.map { releases[$0].released }).count
            let open = later.flatMap { releases[$0].exploitedCVEs }
            if !open.isEmpty {
                // A CVE the installed track already fixed is not open, even if a newer track lists it again.
                exploited = Set(open).subtracting(fixedThrough[currentIndex]).sorted()
            }
        } else {
            findings.append(.unknownAppleBuild(version: device.osVersion, build: device.osBuild))
        }
        return finish(
            device: device, model: entry?.model ?? catalogue.marketingNames[identifier].map(PatchCatalogue.appleModelName), current: current,
            newest: newest, age: age, missed: missed, exploited: exploited, modelSupport: modelSupport, osSupport: os?.securitySupport,
            findings: findings
        )
    }

    /// Dotted version order (`18.7.10` is after `18.7.9`; missing parts count as 0).
    public static func version(_ version: String, isAtMost other: String) -> Bool {
        let left = version.split(separator: ".").map { Int($0) ?? 0 }
        let right = other.split(separator: ".").map { Int($0) ?? 0 }
        for index in 0..<max(left.count, right.count) {
            let (a, b) = (index < left.count ? left[index] : 0, index < right.count ? right[index] : 0)
            if a != b { return a < b }
        }
        return true
    }

    // MARK: -

    private func finish(
        device: Device, model: String?, current: CalendarDay?, newest: CalendarDay?, age: Int?, missed: Int?, exploited: [String],
        modelSupport: SupportEnd?, osSupport: SupportEnd?, findings: [PatchFinding]
    ) -> PatchAssessment {
        let lefts = [modelSupport?.daysLeft(on: today), osSupport?.daysLeft(on: today)].compactMap { $0 }
        let lifecycle: PatchAssessment.Lifecycle
        if modelSupport?.hasEnded(on: today) == true || osSupport?.hasEnded(on: today) == true {
            lifecycle = .endOfLife
        } else if modelSupport == nil && osSupport == nil {
            lifecycle = .unknown
        } else {
            lifecycle = .supported
        }
        return PatchAssessment(
            deviceID: device.id, platform: device.platform, model: model, currentPatch: current, newestAvailable: newest, patchAgeDays: age,
            bulletinsMissed: missed, exploitedCVEs: exploited, modelSupport: modelSupport, osSupport: osSupport,
            supportDaysLeft: lefts.min(), lifecycle: lifecycle, findings: findings
        )
    }
}

/// Assessments already made in one `PatchIntelligence`, by the facts they were made from.
final class AssessmentMemo: Sendable {
    struct Key: Hashable, Sendable {
        var platform: Platform
        var maker: String?
        var model: String?
        var osVersion: String?
        var osBuild: String?
        var level: String?
    }

    private let entries = Mutex<[Key: PatchAssessment]>([:])

    func assessment(for key: Key) -> PatchAssessment? { entries.withLock { $0[key] } }

    func store(_ assessment: PatchAssessment, for key: Key) { entries.withLock { $0[key] = assessment } }
}
