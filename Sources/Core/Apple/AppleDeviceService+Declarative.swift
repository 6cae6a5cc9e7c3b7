import AppleMDM
import Foundation
import PalisadeCore

extension AppleDeviceService {
    /// Declarative Device Management over the check-in channel: tokens, the declaration manifest, single
    /// declarations and status reports.
    func declarativeManagement(_ message: DeclarativeManagementMessage, enrollment: AppleEnrollment) async throws(DeviceRefusal) -> CheckinReply {
        switch message.endpoint {
        case .tokens:
            return .declarativeManagement(json: DeclarationTokensResponse(syncTokens: declarations.tokens).jsonData())
        case .declarationItems:
            return .declarativeManagement(json: DeclarationItemsResponse(declarations: declarations.manifest).jsonData())
        case .declaration(_, let identifier):
            guard let declaration = declarations.declaration(identifier) else {
                throw .notFound("no declaration \(identifier)")
            }
            return .declarativeManagement(json: declaration.jsonData())
        case .status:
            guard let data = message.data else { throw .badRequest("a status report needs Data") }
            let report: DeclarativeStatusReport
            do {
                report = try DeclarativeStatusReport.parse(data)
            } catch {
                throw .badRequest("the status report is malformed: \(error)")
            }
            await applyStatus(report, to: enrollment.deviceID)
            return .statusReceived
        }
    }

    private func applyStatus(_ report: DeclarativeStatusReport, to device: DeviceID) async {
        let version = report.value(at: "device.operating-system.version")?.stringValue
        let build = report.value(at: "device.operating-system.build-version")?.stringValue
        guard version != nil || build != nil else { return }
        do {
            guard var stored = try await storage.device(device) else { return }
            if let version { stored.osVersion = version }
            if let build { stored.osBuild = build }
            try await storage.updateDevice(stored)
        } catch {
            logger.warning("declarative status not applied", metadata: ["device": "\(device)", "error": "\(error)"])
        }
    }
}
