import AppleMDM
import Foundation
import PalisadeCore

extension AppleDeviceService {
    /// Records the posture facts a command result carries: security (`SecurityInfo`), supervision
    /// (`DeviceInformation`), installed apps (`InstalledApplicationList`).
    ///
    /// Never throws: the device's report is already recorded, and a device must not get a 5xx (or worse, a 401,
    /// on which iOS unenrols) because compliance bookkeeping failed. Failures are logged.
    func recordPosture(from report: CommandResultReport, requestType: String, of device: DeviceID) async {
        guard report.status == .acknowledged else { return }
        let now = clock.now
        do {
            switch requestType {
            case "SecurityInfo":
                let security = try SecurityInfoResult(report: report)
                try await storage.recordSecurity(
                    of: device, passcodePresent: security.passcodePresent, passcodeCompliant: security.passcodeCompliant,
                    encrypted: security.isDataProtectionActive, at: now
                )
            case "DeviceInformation":
                let information = try DeviceInformationResult(report: report)
                if let supervised = information.isSupervised {
                    try await storage.recordSupervision(of: device, supervised: supervised, at: now)
                }
            case "InstalledApplicationList":
                let list = try InstalledApplicationListResult(report: report)
                try await storage.recordInstalledApps(of: device, identifiers: list.applications.compactMap(\.identifier), at: now)
            default:
                return
            }
        } catch {
            logger.warning("\(requestType) posture not recorded", metadata: ["device": "\(device)", "error": "\(error)"])
        }
    }

    /// Notes the device's OS build as seen on its model, for measuring how long Apple takes to reach each model;
    /// nothing when either is unknown. Logs instead of throwing, for the same reason as `recordPosture`.
    func observePatchLevel(of device: Device) async {
        guard let model = device.model, let build = device.osBuild else { return }
        do {
            try await storage.recordPatchObservation(
                platform: .ios, maker: InventoryUpdate.maker, model: model, level: build, deviceID: device.id, at: clock.now
            )
        } catch {
            logger.warning("patch level observation not recorded", metadata: ["device": "\(device.id)", "error": "\(error)"])
        }
    }
}
