import PalisadeCore

/// Who sent a message: the enrolment (UDID or EnrollmentID) and, on the user channel, which user.
///
/// Refuses a message with neither `UDID` nor `EnrollmentID`, with both, or with an identifier outside the accepted
/// formats (see `UDID`; enrolment and user identifiers are 1–128 ASCII letters, digits, `.`, `_`, `-`).
public struct EnrollmentIdentity: Sendable, Hashable, CustomStringConvertible {
    public var enrollment: EnrollmentIdentifier
    /// Set for user-channel messages.
    public var user: UserChannelIdentity?

    public init(enrollment: EnrollmentIdentifier, user: UserChannelIdentity? = nil) {
        self.enrollment = enrollment
        self.user = user
    }

    public var isUserChannel: Bool { user != nil }

    /// One key per channel: the enrolment identifier, then `:` and the user for the user channel. Identifier formats
    /// exclude `:`, so two channels never share a key.
    public var channelID: String {
        guard let user else { return enrollment.rawValue }
        return "\(enrollment.rawValue):\(user.channelComponent)"
    }

    public var description: String { channelID }

    /// The identifying keys as a device writes them, for building messages (the simulator, tests).
    public var propertyListEntries: [String: PropertyListValue] {
        var entries: [String: PropertyListValue] = [:]
        switch enrollment {
        case .device(let udid): entries["UDID"] = .string(udid.rawValue)
        case .userEnrollment(let enrollmentID): entries["EnrollmentID"] = .string(enrollmentID)
        }
        if let user {
            if let userID = user.userID { entries["UserID"] = .string(userID) }
            if let enrollmentUserID = user.enrollmentUserID { entries["EnrollmentUserID"] = .string(enrollmentUserID) }
            if let shortName = user.shortName { entries["UserShortName"] = .string(shortName) }
            if let longName = user.longName { entries["UserLongName"] = .string(longName) }
        }
        return entries
    }

    static let identifierRule = TextRule.identifier(maximumLength: 128)
    static let nameRule = TextRule.displayText(maximumLength: 256)

    /// Reads `UDID`/`EnrollmentID` and the user keys from a message's top level.
    static func read(
        from reader: PropertyListDictionaryReader, allowingUserChannel: Bool = true
    ) throws(DeviceMessageError) -> EnrollmentIdentity {
        let udid = try reader.optionalString("UDID")
        let enrollmentID = try reader.optionalString("EnrollmentID")
        let enrollment: EnrollmentIdentifier
        switch (udid, enrollmentID) {
        case (let udid?, nil):
            guard let parsed = UDID(udid) else { throw .invalidValue(key: "UDID", reason: TextRule.udid.requirement) }
            enrollment = .device(parsed)
        case (nil, let enrollmentID?):
            guard identifierRule.accepts(enrollmentID) else {
                throw .invalidValue(key: "EnrollmentID", reason: identifierRule.requirement)
            }
            enrollment = .userEnrollment(enrollmentID: enrollmentID)
        case (nil, nil):
            throw .missingEnrollmentIdentifier
        case (.some, .some):
            throw .conflictingEnrollmentIdentifiers
        }

        let user = UserChannelIdentity(
            userID: try reader.optionalString("UserID", identifierRule),
            enrollmentUserID: try reader.optionalString("EnrollmentUserID", identifierRule),
            shortName: try reader.optionalString("UserShortName", nameRule),
            longName: try reader.optionalString("UserLongName", nameRule)
        )
        let namesUser = user.userID != nil || user.enrollmentUserID != nil || user.shortName?.isEmpty == false
        guard namesUser else {
            // A long name alone cannot say which user's channel this is.
            if user.longName != nil || user.shortName != nil {
                let key = user.longName != nil ? "UserLongName" : "UserShortName"
                throw .invalidValue(key: key, reason: "needs UserID, EnrollmentUserID or a non-empty UserShortName")
            }
            return EnrollmentIdentity(enrollment: enrollment)
        }
        guard allowingUserChannel else {
            let key = user.userID != nil ? "UserID" : user.enrollmentUserID != nil ? "EnrollmentUserID" : "UserShortName"
            throw .invalidValue(key: key, reason: "is not allowed in this message")
        }
        return EnrollmentIdentity(enrollment: enrollment, user: user)
    }
}
