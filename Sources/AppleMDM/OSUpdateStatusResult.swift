/// An `OSUpdateStatus` result. Refuses a result without an `OSUpdateStatus` array.
public struct OSUpdateStatusResult: Sendable, Hashable {
    public var updates: [OSUpdateStatusEntry]

    public init(report: CommandResultReport) throws(DeviceMessageError) {
        try self.init(propertyList: report.result)
    }

    public init(propertyList: PropertyListValue) throws(DeviceMessageError) {
        updates = try PropertyListDictionaryReader(propertyList).dictionaries("OSUpdateStatus")
            .map { (item) throws(DeviceMessageError) in try OSUpdateStatusEntry(reader: item) }
    }
}
