/// An `InstalledApplicationList` result. Refuses a result without an `InstalledApplicationList` array.
public struct InstalledApplicationListResult: Sendable, Hashable {
    public var applications: [InstalledApplication]

    public init(report: CommandResultReport) throws(DeviceMessageError) {
        try self.init(propertyList: report.result)
    }

    public init(propertyList: PropertyListValue) throws(DeviceMessageError) {
        applications = try PropertyListDictionaryReader(propertyList).dictionaries("InstalledApplicationList")
            .map { (item) throws(DeviceMessageError) in try InstalledApplication(reader: item) }
    }
}
