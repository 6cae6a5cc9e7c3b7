/// A `ManagedApplicationList` result: managed apps by bundle identifier. Refuses a result without a
/// `ManagedApplicationList` dictionary.
public struct ManagedApplicationListResult: Sendable, Hashable {
    public var applications: [String: ManagedApplicationStatus]

    public init(report: CommandResultReport) throws(DeviceMessageError) {
        try self.init(propertyList: report.result)
    }

    public init(propertyList: PropertyListValue) throws(DeviceMessageError) {
        let list = try PropertyListDictionaryReader(propertyList).dictionary("ManagedApplicationList")
        var applications: [String: ManagedApplicationStatus] = [:]
        for identifier in list.entries.keys {
            applications[identifier] = try ManagedApplicationStatus(reader: list.dictionary(identifier))
        }
        self.applications = applications
    }
}
