/// An `AvailableOSUpdates` result. Refuses a result without an `AvailableOSUpdates` array.
public struct AvailableOSUpdatesResult: Sendable, Hashable {
    public var updates: [AvailableOSUpdate]

    public init(report: CommandResultReport) throws(DeviceMessageError) {
        try self.init(propertyList: report.result)
    }

    public init(propertyList: PropertyListValue) throws(DeviceMessageError) {
        updates = try PropertyListDictionaryReader(propertyList).dictionaries("AvailableOSUpdates")
            .map { (item) throws(DeviceMessageError) in try AvailableOSUpdate(reader: item) }
    }
}
