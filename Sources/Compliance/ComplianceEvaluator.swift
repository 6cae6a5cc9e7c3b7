import Foundation
import PalisadeCore
import PatchIntel

/// Applies a policy to devices: pure and synchronous, so a whole fleet is judged in one pass.
public struct ComplianceEvaluator: Sendable {
    public let policy: CompliancePolicy
    public let intelligence: PatchIntelligence
    public let now: Date

    public init(policy: CompliancePolicy, intelligence: PatchIntelligence, now: Date) {
        self.policy = policy
        self.intelligence = intelligence
        self.now = now
    }

    /// Judges one device. `failingSince` is when it first failed, as the previous evaluation recorded it.
    public func evaluate(_ device: Device, state: DeviceSecurityState, failingSince: Date? = nil) -> ComplianceResult {
        evaluate(device, state: state, assessment: intelligence.assess(device), failingSince: failingSince)
    }

    public func evaluate(_ device: Device, state: DeviceSecurityState, assessment: PatchAssessment, failingSince previous: Date?) -> ComplianceResult {
        let reasons = reasons(device, state: state, assessment: assessment)
        guard !reasons.isEmpty else {
            return ComplianceResult(
                deviceID: device.id, policy: policy.name, verdict: .compliant, reasons: [], failingSince: nil, graceEndsAt: nil, actionsDue: []
            )
        }
        let since = previous ?? now
        let graceEnds = since.addingTimeInterval(Double(policy.graceDays) * 86_400)
        let failedFor = now.timeIntervalSince(since)
        var due: [GradedAction.Kind] = []
        for action in policy.actions where failedFor >= Double(action.afterDays) * 86_400 && !due.contains(action.kind) { due.append(action.kind) }
        return ComplianceResult(
            deviceID: device.id, policy: policy.name, verdict: now < graceEnds ? .inGrace : .nonCompliant, reasons: reasons,
            failingSince: since, graceEndsAt: graceEnds, actionsDue: due.sorted()
        )
    }

    /// Every rule the device fails.
    public func reasons(_ device: Device, state: DeviceSecurityState, assessment: PatchAssessment) -> [ComplianceReason] {
        let rules = policy.rules
        var reasons: [ComplianceReason] = []
        func fail(_ rule: String, _ message: String) { reasons.append(ComplianceReason(rule: rule, message: message)) }

        if rules.maxPatchAgeDays != nil || rules.refuseImplausiblePatchClaims {
            for finding in assessment.findings {
                switch finding {
                case .malformedPatchLevel, .unknownAppleBuild:
                    if rules.maxPatchAgeDays != nil { fail("unreadablePatch", "patch age cannot be judged: \(finding)") }
                case _ where finding.isImplausibleClaim:
                    if rules.refuseImplausiblePatchClaims { fail("implausiblePatch", "\(finding); its patch state cannot be trusted") }
                default: break
                }
            }
        }
        if let limit = rules.maxPatchAgeDays, let age = assessment.patchAgeDays, age > limit {
            let newest = assessment.newestAvailable.map { ", newest available \($0)" } ?? ""
            fail("patchAge", "patch is \(age) days behind (limit \(limit))\(newest)")
        }
        if let limit = rules.maxExploitedCVEs, assessment.exploitedCVEs.count > limit {
            let shown = assessment.exploitedCVEs.prefix(5).joined(separator: ", ")
            fail("exploitedCVEs", "\(assessment.exploitedCVEs.count) actively exploited vulnerabilities still open (\(shown)); update the OS")
        }
        if let minimum = rules.minSupportDaysLeft {
            if assessment.lifecycle == .endOfLife {
                fail("supportLeft", "security support has ended (model: \(assessment.modelSupport?.description ?? "unknown"), OS: \(assessment.osSupport?.description ?? "unknown"))")
            } else if let left = assessment.supportDaysLeft, left < minimum {
                fail("supportLeft", "\(left) days of security support left (minimum \(minimum))")
            } else if rules.unknownSupportIsNonCompliant && (assessment.lifecycle == .unknown || assessment.modelSupport == nil) {
                fail("supportLeft", "security support of \(device.maker ?? "?") \(device.model ?? "?") is unknown; add its commitment to the catalogue")
            }
        }
        let system = device.platform == .ios ? "ios" : "android"
        if let minimum = rules.minOSVersion[system] {
            if let version = device.osVersion {
                if !PatchIntelligence.version(minimum, isAtMost: version) { fail("osVersion", "\(system) \(version) is older than the minimum \(minimum)") }
            } else {
                fail("osVersion", "OS version not reported yet")
            }
        }
        if rules.requirePasscode && state.passcodePresent != true {
            fail("passcode", state.passcodePresent == nil ? "passcode not reported yet" : "no passcode set")
        }
        if rules.requireEncryption && state.encrypted != true {
            fail("encryption", state.encrypted == nil ? "encryption not reported yet" : "storage is not encrypted")
        }
        if rules.requireSupervision && device.platform == .ios && device.ownership == .corporate && state.supervised != true {
            fail("supervision", state.supervised == nil ? "supervision not reported yet" : "not supervised")
        }
        if !rules.requiredApps.isEmpty || !rules.forbiddenApps.isEmpty {
            if let apps = state.installedApps {
                for app in rules.requiredApps where !apps.contains(app) { fail("requiredApp", "required app \(app) is not installed") }
                for app in rules.forbiddenApps where apps.contains(app) { fail("forbiddenApp", "forbidden app \(app) is installed") }
            } else {
                fail("requiredApp", "installed apps not reported yet")
            }
        }
        if let limit = rules.maxDaysSinceCheckIn {
            if let seen = device.lastSeenAt ?? device.enrolledAt {
                let days = Int(now.timeIntervalSince(seen) / 86_400)
                if days > limit { fail("checkIn", "last checked in \(days) days ago (limit \(limit))") }
            } else {
                fail("checkIn", "has never checked in")
            }
        }
        return reasons
    }
}
