/// A `ProfileList` result: the profiles installed on the device. Refuses a result without a `ProfileList` array.
public struct InstalledProfileListResult: Sendable, Hashable {
    public var profiles: [InstalledProfile]

    public init(report: CommandResultReport) throws(DeviceMessageError) {
        try self.init(propertyList: report.result)
    }

    public init(propertyList: PropertyListValue) throws(DeviceMessageError) {
        profiles = try PropertyListDictionaryReader(propertyList).dictionaries("ProfileList").map { (item) throws(DeviceMessageError) in
            try InstalledProfile(reader: item)
        }
    }
}
