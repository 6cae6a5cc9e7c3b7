/// What an administrator may do. Each role includes the ones before it.
public enum Role: String, Codable, Sendable, CaseIterable, Comparable {
    /// Reads inventory, commands and audit.
    case viewer
    /// Also queues ordinary commands and edits groups.
    case `operator`
    /// Also signs approvals of sensitive commands.
    case approver
    /// Everything, including administrators and tokens.
    case admin

    private var rank: Int { Role.allCases.firstIndex(of: self)! }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }
}
