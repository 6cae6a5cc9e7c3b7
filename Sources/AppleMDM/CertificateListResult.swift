/// A `CertificateList` result. Refuses a result without a `CertificateList` array.
public struct CertificateListResult: Sendable, Hashable {
    public var certificates: [InstalledCertificate]

    public init(report: CommandResultReport) throws(DeviceMessageError) {
        try self.init(propertyList: report.result)
    }

    public init(propertyList: PropertyListValue) throws(DeviceMessageError) {
        certificates = try PropertyListDictionaryReader(propertyList).dictionaries("CertificateList").map { (item) throws(DeviceMessageError) in
            try InstalledCertificate(reader: item)
        }
    }
}
