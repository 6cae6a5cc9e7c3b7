import AppleMDM
import Foundation
import PalisadeCore
import PKI

extension AppleDeviceService {
    /// The next command as the device receives it, and its approval for the edge's command gate when it has one.
    public struct Delivery: Sendable {
        public var body: Data
        /// `RelayRoutes.approvalHeader`'s value.
        public var approvalHeader: String?
    }

    /// Takes a device's report on the command endpoint and returns the next command, or `nil` when the queue is
    /// empty (an empty 200 ends the session). `edge` names the edge that relayed the report (its relay key pin),
    /// `nil` on the core's own listener.
    public func connect(
        _ report: CommandResultReport, signedBy signer: VerifiedDeviceIdentity, relayedBy edge: String? = nil
    ) async throws(DeviceRefusal) -> Delivery? {
        let enrollment = try await boundEnrollment(report.identity, signedBy: signer)
        if report.identity.isUserChannel {
            // User-channel commands are not offered yet: acknowledge the report and end the session.
            return nil
        }
        let device = enrollment.deviceID
        let now = clock.now
        let session: Int64 = try await storeCall {
            try await storage.markSeen(device, at: now)
            if report.status == .idle { return try await storage.beginSession(for: device) }
            return try await storage.currentSession(for: device)
        }
        if let commandReport = report.commandReport, let commandID = report.commandID {
            let recorded = try await storeCall {
                try await storage.record(commandReport, for: commandID, from: device, session: session, at: now)
            }
            switch recorded {
            case .recorded(let command):
                alarms.answered(by: device, through: edge)
                await applyInventory(from: report, requestType: command.requestType, to: device)
                await recordPosture(from: report, requestType: command.requestType, of: device)
                // Audited once, when the device's answer ends it (a NotNow on a cancelled command ends nothing).
                if command.state.isFinished && command.state == commandReport.status.resultingState {
                    await audit("command.\(command.state.rawValue)", device: device, detail: .object([
                        "command": .string(commandID.uuidString.lowercased()), "requestType": .string(command.requestType),
                    ]))
                }
            case .repeated:
                // The same answer again (a retry, or the same signed message inside the edge's freshness window):
                // already stored and audited.
                alarms.answered(by: device, through: edge)
            case .neverSent(let command):
                await alarms.unknownResult(device: device, command: commandID, status: commandReport.status.rawValue, known: command, edge: edge)
            case .unknown:
                await alarms.unknownResult(device: device, command: commandID, status: commandReport.status.rawValue, known: nil, edge: edge)
            }
        }
        if report.status == .idle { await alarms.idle(device, through: edge) }
        while let command = try await storeCall({ try await storage.nextCommand(for: device, session: session, at: now) }) {
            do {
                let delivery = try await deliver(command, enrollment: enrollment)
                alarms.delivered(to: device, through: edge)
                await audit("command.sent", device: device, detail: .object([
                    "command": .string(command.id.uuidString.lowercased()), "requestType": .string(command.requestType),
                    "approved": .bool(delivery.approvalHeader != nil),
                ]))
                return delivery
            } catch {
                // A command that cannot be put on the wire can never succeed: end it rather than block the queue.
                let failed = CommandReport(status: .commandFormatError, result: Data("\(error)".utf8))
                _ = try await storeCall { try await storage.record(failed, for: command.id, from: device, session: session, at: now) }
                logger.error("queued command cannot be encoded", metadata: ["command": "\(command.id)", "error": "\(error)"])
            }
        }
        return nil
    }

    /// A command that needed approval goes out as the bytes its approvers signed, with their signatures for the
    /// edge. One that needed approval and has none (queued behind the API's back) goes out bare: the edge refuses it.
    func deliver(_ command: Command, enrollment: AppleEnrollment) async throws -> Delivery {
        if let approvals, approvals.policy.required(requestType: command.requestType, parameters: command.payload) != nil,
           let approved = try await approvals.delivery(of: command) {
            return Delivery(body: approved.body, approvalHeader: approved.approvalHeader)
        }
        return Delivery(body: try wire(command, enrollment: enrollment), approvalHeader: nil)
    }

    /// The command as the device receives it. ClearPasscode gets the device's unlock token at delivery, so the
    /// token never sits in the queue or passes through the admin API.
    func wire(_ command: Command, enrollment: AppleEnrollment) throws -> Data {
        var payload = command.payload
        if command.requestType == "ClearPasscode", payload["UnlockToken"] == nil, let sealed = enrollment.sealedUnlockToken {
            let token = try keyring.keyEncryptionKey.open(sealed, name: SealedItem.unlockToken.sealedName(forRow: enrollment.enrollmentID))
            var members = payload.objectValue ?? [:]
            members["UnlockToken"] = .string(token.base64EncodedString())
            payload = .object(members)
        }
        return try MDMCommand.fromAdminRequest(requestType: command.requestType, payload: payload, uuid: command.id).wireData()
    }

    /// Updates the inventory from results that carry it, then notes the patch level the updated inventory shows.
    private func applyInventory(from report: CommandResultReport, requestType: String, to device: DeviceID) async {
        guard report.status == .acknowledged, requestType == "DeviceInformation" else { return }
        let updated: Device
        do {
            let information = try DeviceInformationResult(report: report)
            guard var stored = try await storage.device(device) else { return }
            InventoryUpdate(deviceInformation: information).apply(to: &stored)
            try await storage.updateDevice(stored)
            updated = stored
        } catch {
            logger.warning("DeviceInformation result not applied", metadata: ["device": "\(device)", "error": "\(error)"])
            return
        }
        await observePatchLevel(of: updated)
    }
}
