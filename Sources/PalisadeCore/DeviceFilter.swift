import Foundation

/// Which devices a listing returns; every field set narrows it (all must match).
public struct DeviceFilter: Sendable, Hashable {
    public var platform: Platform?
    public var ownership: Ownership?
    public var enrollmentState: EnrollmentState?
    /// Case-insensitive exact maker.
    public var maker: String?
    /// Exact model identifier.
    public var model: String?
    public var osVersion: String?
    public var tag: String?
    public var groupID: UUID?
    /// Devices not seen since this date (never-seen devices included).
    public var lastSeenBefore: Date?
    /// Case-insensitive substring of name, serial number, IMEI or hardware ID.
    public var search: String?

    public init(
        platform: Platform? = nil, ownership: Ownership? = nil, enrollmentState: EnrollmentState? = nil,
        maker: String? = nil, model: String? = nil, osVersion: String? = nil, tag: String? = nil,
        groupID: UUID? = nil, lastSeenBefore: Date? = nil, search: String? = nil
    ) {
        self.platform = platform
        self.ownership = ownership
        self.enrollmentState = enrollmentState
        self.maker = maker
        self.model = model
        self.osVersion = osVersion
        self.tag = tag
        self.groupID = groupID
        self.lastSeenBefore = lastSeenBefore
        self.search = search
    }
}
