import PalisadeCore

/// What happens to a device that stays non-compliant, and after how long.
public struct GradedAction: Sendable, Hashable, Codable {
    public var kind: Kind
    /// Days after the device first failed.
    public var afterDays: Int

    public init(_ kind: Kind, afterDays: Int) {
        self.kind = kind
        self.afterDays = afterDays
    }

    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
        /// Tell the user and the administrators.
        case notify
        /// Install the restrictive profile (Apple) or policy (Android).
        case restrict
        /// Report the device as blocked to business services that ask (`GET /api/compliance/devices/{id}`).
        case blockAccess = "block-access"
        /// Lock the device.
        case lock
        /// Erase it: only ever requested, never sent, until the approval quorum signs it.
        case wipe

        public static func < (lhs: Kind, rhs: Kind) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }
}
