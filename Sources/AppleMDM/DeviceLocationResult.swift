import Foundation

/// A `DeviceLocation` result (Lost Mode only). `Latitude` and `Longitude` are required and must lie on the globe;
/// the accuracy and motion keys Apple also marks required are optional here because a bare fix is still worth
/// keeping. `Timestamp` is text in the schema; when it is RFC 3339 it is also given as a date.
public struct DeviceLocationResult: Sendable, Hashable {
    public var latitude: Double
    public var longitude: Double
    /// Metres.
    public var horizontalAccuracy: Double?
    public var verticalAccuracy: Double?
    public var altitude: Double?
    /// Metres per second.
    public var speed: Double?
    /// Degrees from true north.
    public var course: Double?
    public var timestamp: String?

    public var timestampDate: Date? { timestamp.flatMap(RFC3339Date.parse) }

    public init(report: CommandResultReport) throws(DeviceMessageError) {
        try self.init(propertyList: report.result)
    }

    public init(propertyList: PropertyListValue) throws(DeviceMessageError) {
        let reader = try PropertyListDictionaryReader(propertyList)
        latitude = try reader.real("Latitude")
        longitude = try reader.real("Longitude")
        guard (-90...90).contains(latitude) else { throw .invalidValue(key: "Latitude", reason: "must be between -90 and 90") }
        guard (-180...180).contains(longitude) else { throw .invalidValue(key: "Longitude", reason: "must be between -180 and 180") }
        horizontalAccuracy = try reader.optionalReal("HorizontalAccuracy")
        verticalAccuracy = try reader.optionalReal("VerticalAccuracy")
        altitude = try reader.optionalReal("Altitude")
        speed = try reader.optionalReal("Speed")
        course = try reader.optionalReal("Course")
        if case .date(let date)? = reader.optionalValue("Timestamp") {
            // Some OS versions send a property-list date here rather than text.
            timestamp = RFC3339Date.format(date)
        } else {
            timestamp = try reader.optionalString("Timestamp", .printableASCII(maximumLength: 64))
        }
    }
}
