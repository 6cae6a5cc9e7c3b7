import Foundation
import PalisadeCore

/// The inventory facts one device message carries, to apply to a `Device`: from `Authenticate` at enrolment and
/// from every `DeviceInformation` result after.
///
/// Only facts present in the message are applied; a fact the device did not report leaves the stored value alone.
/// `model` is the model identifier (`ProductName`, such as `iPhone15,2`), which patch intelligence keys on, not
/// iOS's `Model` order number. `osBuild` prefers `SupplementalBuildVersion`, the build actually running once a
/// Rapid Security Response is installed; `osVersion` stays the plain `OSVersion` so it parses as a version.
public struct InventoryUpdate: Sendable, Hashable {
    public static let maker = "Apple"

    public var name: String?
    public var model: String?
    public var osVersion: String?
    public var osBuild: String?
    public var serialNumber: String?
    public var imei: String?
    public var hardwareID: String?

    public init(
        name: String? = nil, model: String? = nil, osVersion: String? = nil, osBuild: String? = nil,
        serialNumber: String? = nil, imei: String? = nil, hardwareID: String? = nil
    ) {
        self.name = name
        self.model = model
        self.osVersion = osVersion
        self.osBuild = osBuild
        self.serialNumber = serialNumber
        self.imei = imei
        self.hardwareID = hardwareID
    }

    public init(deviceInformation result: DeviceInformationResult) {
        self.init(
            name: result.deviceName, model: result.productName, osVersion: result.osVersion,
            osBuild: Self.nonEmpty(result.supplementalBuildVersion) ?? result.buildVersion,
            serialNumber: result.serialNumber, imei: Self.nonEmpty(result.imei), hardwareID: result.udid.flatMap { UDID($0)?.rawValue }
        )
    }

    /// Authenticate carries the identifiers of the enrolment; for a user enrolment that is the EnrollmentID, which
    /// is not a hardware identifier, so `hardwareID` is left alone.
    public init(authenticate message: AuthenticateMessage) {
        var hardwareID: String?
        if case .device(let udid) = message.identity.enrollment { hardwareID = udid.rawValue }
        self.init(
            name: message.deviceName, model: message.productName, osVersion: message.osVersion,
            osBuild: message.buildVersion, serialNumber: message.serialNumber, imei: Self.nonEmpty(message.imei),
            hardwareID: hardwareID
        )
    }

    /// `device` with these facts written over it, and `maker` set to Apple.
    public func applied(to device: Device) -> Device {
        var updated = device
        apply(to: &updated)
        return updated
    }

    public func apply(to device: inout Device) {
        device.maker = Self.maker
        if let name = Self.nonEmpty(name) { device.name = name }
        if let model = Self.nonEmpty(model) { device.model = model }
        if let osVersion = Self.nonEmpty(osVersion) { device.osVersion = osVersion }
        if let osBuild = Self.nonEmpty(osBuild) { device.osBuild = osBuild }
        if let serialNumber = Self.nonEmpty(serialNumber) { device.serialNumber = serialNumber }
        if let imei = Self.nonEmpty(imei) { device.imei = imei }
        if let hardwareID = Self.nonEmpty(hardwareID) { device.hardwareID = hardwareID }
    }

    /// Devices send empty strings for facts they lack (no IMEI on a Wi-Fi iPad); those are not facts.
    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return text
    }
}
