/// One check of the positive model: a stable id (`plist.doctype`, `signature.missing`), how much it counts and the
/// status a refusal for it carries.
///
/// Statuses are 400, 403, 413, 429 or 503 — never 401, on which Apple devices remove their enrolment. Rules on
/// responses refuse with 503: the fault is the server's, and the device retries later.
public struct InspectionRule: Sendable, Hashable, Identifiable, CustomStringConvertible {
    public let id: String
    public var severity: InspectionSeverity
    /// What the rule adds to the anomaly score when it fires.
    public var weight: Int
    /// The HTTP status of a refusal this rule decides.
    public let status: Int
    /// What the rule holds requests to, in a sentence.
    public let summary: String

    public init(id: String, severity: InspectionSeverity, weight: Int? = nil, status: Int, summary: String) {
        precondition([400, 403, 413, 429, 503].contains(status), "a refusal is 400, 403, 413, 429 or 503")
        self.id = id
        self.severity = severity
        self.weight = weight ?? (severity == .block ? 100 : 10)
        self.status = status
        self.summary = summary
    }

    public var description: String { id }
}
