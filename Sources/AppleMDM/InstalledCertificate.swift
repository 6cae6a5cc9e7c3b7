import Foundation

/// One certificate in a device's keychain, as `CertificateList` reports it. `Data` (the DER certificate) is
/// required; `CommonName` is optional because a certificate may have none.
public struct InstalledCertificate: Sendable, Hashable {
    public var commonName: String?
    /// The device holds the private key too.
    public var isIdentity: Bool
    /// The DER-encoded certificate.
    public var data: Data

    init(reader: PropertyListDictionaryReader) throws(DeviceMessageError) {
        commonName = try reader.optionalString("CommonName")
        isIdentity = try reader.optionalBool("IsIdentity") ?? false
        data = try reader.data("Data")
    }
}
