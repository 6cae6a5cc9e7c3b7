/// The user a user-channel message speaks for: a macOS user (`UserID`, `UserShortName`, `UserLongName`), a
/// Shared iPad user (`UserShortName` with the all-F `UserID`) or the user of a macOS user enrolment
/// (`EnrollmentUserID`).
public struct UserChannelIdentity: Sendable, Hashable {
    /// Shared iPad sends this `UserID` for every user, so it cannot tell users apart.
    public static let sharedIPadUserID = "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF"

    public var userID: String?
    public var enrollmentUserID: String?
    public var shortName: String?
    public var longName: String?

    public init(userID: String? = nil, enrollmentUserID: String? = nil, shortName: String? = nil, longName: String? = nil) {
        self.userID = userID
        self.enrollmentUserID = enrollmentUserID
        self.shortName = shortName
        self.longName = longName
    }

    public var isSharedIPadUser: Bool { userID?.uppercased() == Self.sharedIPadUserID }

    /// The part of a channel identifier that names this user: the enrolment user ID, else the user ID, except on
    /// Shared iPad where only the short name (the Managed Apple Account) tells users apart.
    public var channelComponent: String {
        if let enrollmentUserID { return enrollmentUserID }
        if isSharedIPadUser, let shortName { return shortName }
        return userID ?? shortName ?? ""
    }
}
