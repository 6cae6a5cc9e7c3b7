/// How much one fired rule counts.
public enum InspectionSeverity: String, Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Not the protocol: refuses on its own (unless the policy is detect-only).
    case block
    /// Unusual but possible from a genuine device: adds its weight to the score, and refuses only when the score
    /// crosses the policy's threshold.
    case suspicious

    public var description: String { rawValue }

    public static func < (lhs: InspectionSeverity, rhs: InspectionSeverity) -> Bool {
        lhs == .suspicious && rhs == .block
    }
}
