/// The outcome of inspecting one request or response: the decision, the anomaly score and every rule that fired.
///
/// `report` is the text `palisade inspect` prints; `logSummary` is one line for the edge's log. Both are built
/// only from rule ids, fixed messages, the endpoint, the message type and the device identifier — never from
/// token, challenge, push magic or any other value in the body.
public struct InspectionVerdict: Sendable, Hashable, CustomStringConvertible {
    public var decision: InspectionDecision
    /// The sum of the fired rules' weights.
    public var score: Int
    /// The threshold the score was held to.
    public var threshold: Int
    /// Whether the policy only reported: the decision is then `pass` whatever fired.
    public var detectOnly: Bool
    public var findings: [InspectionFinding]
    public var subject: InspectionSubject

    /// Decides from `findings` under `policy`: a `block` rule refuses with its status (the first one's, in the
    /// order the checks ran); otherwise a score at or over the threshold refuses with the status of the heaviest
    /// suspicious rule; detect-only passes everything.
    public init(findings: [InspectionFinding], subject: InspectionSubject, policy: InspectionPolicy) {
        let findings = findings.map { finding in
            var finding = finding
            if let override = policy.ruleOverrides[finding.rule.id] {
                finding.rule.severity = override.severity
                finding.rule.weight = override.weight
            }
            return finding
        }
        self.findings = findings
        self.subject = subject
        self.score = findings.reduce(0) { $0 + $1.rule.weight }
        self.threshold = policy.anomalyThreshold
        self.detectOnly = policy.detectOnly
        let decided: InspectionDecision
        if let blocking = findings.first(where: { $0.rule.severity == .block }) {
            decided = .refuse(status: blocking.rule.status)
        } else if score >= policy.anomalyThreshold, let heaviest = findings.max(by: { $0.rule.weight < $1.rule.weight }) {
            decided = .refuse(status: heaviest.rule.status)
        } else {
            decided = .pass
        }
        // Detect-only still decides, so the report can say what would have happened.
        wouldHaveDecided = decided
        decision = policy.detectOnly ? .pass : decided
    }

    /// The decision before detect-only turned it into `pass`.
    public private(set) var wouldHaveDecided: InspectionDecision

    /// The ids of the fired rules, in the order they fired.
    public var ruleIDs: [String] { findings.map(\.rule.id) }

    public func fired(_ id: String) -> Bool { findings.contains { $0.rule.id == id } }

    /// The verdict with more findings (from the rate limiter or replay guard), decided again.
    public func adding(_ more: [InspectionFinding], policy: InspectionPolicy) -> InspectionVerdict {
        InspectionVerdict(findings: findings + more, subject: subject, policy: policy)
    }

    /// The text a refused device is sent: the first deciding rule's message only.
    public var clientMessage: String? {
        guard wouldHaveDecided != .pass else { return nil }
        return (findings.first { $0.rule.severity == .block } ?? findings.max { $0.rule.weight < $1.rule.weight })?.message
    }

    /// One line for the log: `inspection decision=… score=… endpoint=… rules=…`.
    public var logSummary: String {
        var parts = ["inspection", "decision=\(decision.description.replacingOccurrences(of: " ", with: ":"))"]
        if detectOnly { parts.append("detect-only=\(wouldHaveDecided.description.replacingOccurrences(of: " ", with: ":"))") }
        parts.append("score=\(score)/\(threshold)")
        parts.append("endpoint=\(subject.endpoint?.rawValue ?? "none")")
        if let kind = subject.messageKind { parts.append("message=\(kind)") }
        if let device = subject.deviceKey { parts.append("device=\(device)") }
        if let requestType = subject.requestType { parts.append("command=\(requestType)") }
        if let uuid = subject.commandUUID { parts.append("command-uuid=\(uuid)") }
        parts.append("rules=\(findings.isEmpty ? "none" : ruleIDs.joined(separator: ","))")
        return parts.joined(separator: " ")
    }

    /// The multi-line report `palisade inspect` prints: decision, score and each fired rule.
    public var report: String {
        var lines = ["decision: \(decision)" + (detectOnly ? " (detect-only; would \(wouldHaveDecided))" : "")]
        lines.append("score: \(score) (threshold \(threshold))")
        lines.append("endpoint: \(subject.endpoint?.rawValue ?? "none")")
        if let kind = subject.messageKind { lines.append("message: \(kind)") }
        if findings.isEmpty {
            lines.append("rules fired: none")
        } else {
            lines.append("rules fired:")
            lines += findings.map { "  \($0)" }
        }
        return lines.joined(separator: "\n")
    }

    public var description: String { logSummary }
}
