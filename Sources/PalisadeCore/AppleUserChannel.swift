import Foundation

/// A user's own MDM channel on an Apple device (a user in a shared iPad, a macOS user): pushed and commanded
/// apart from the device channel.
public struct AppleUserChannel: Sendable, Hashable {
    /// The device channel's enrolment ID.
    public var enrollmentID: String
    /// The user's ID (`UserID`, or `EnrollmentUserID` for user enrolment).
    public var userID: String
    public var shortName: String?
    public var longName: String?
    public var topic: String?
    public var pushToken: Data?
    public var pushMagic: String?
    public var updatedAt: Date

    public init(
        enrollmentID: String, userID: String, shortName: String? = nil, longName: String? = nil, topic: String? = nil,
        pushToken: Data? = nil, pushMagic: String? = nil, updatedAt: Date
    ) {
        self.enrollmentID = enrollmentID
        self.userID = userID
        self.shortName = shortName
        self.longName = longName
        self.topic = topic
        self.pushToken = pushToken
        self.pushMagic = pushMagic
        self.updatedAt = updatedAt
    }
}
