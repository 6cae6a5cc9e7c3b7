import AppleMDM
import Foundation
import Logging
import Metrics
import PalisadeCore
import PKI

/// Apple's check-in and command protocol on Palisade's stores: binds each enrolment to the identity certificate
/// that authenticated it, keeps push coordinates and sealed tokens, and hands out queued commands.
///
/// HTTP handlers only decode, call this, and encode (see `DeviceEndpoints`).
public struct AppleDeviceService: Sendable {
    let storage: any PalisadeStorage
    let keyring: CoreKeyring
    let clock: any WallClock
    let pusher: any DevicePusher
    let initialCommands: [String]
    let declarations: DeclarationSet
    /// Approved commands' bytes and signatures; `nil` sends every command as queued.
    let approvals: CommandApprovals?
    /// Raised on what a breached edge would do to results.
    let alarms: BreachAlarms
    /// Authenticate messages acted on lately: an exact copy changes nothing.
    let recentMessages = RecentMessages()
    let logger: Logger

    public init(
        storage: any PalisadeStorage, keyring: CoreKeyring, clock: any WallClock, pusher: any DevicePusher,
        initialCommands: [String], declarations: DeclarationSet = .standard, approvals: CommandApprovals? = nil, alarms: BreachAlarms? = nil,
        logger: Logger
    ) {
        self.approvals = approvals
        // Without alarms of the caller's (tests, tools), audit only, with the configuration's default threshold.
        self.alarms = alarms ?? BreachAlarms(audit: storage, clock: clock, metrics: NOOPMetricsHandler.instance, silenceThreshold: 900, logger: logger)
        self.storage = storage
        self.keyring = keyring
        self.clock = clock
        self.pusher = pusher
        self.initialCommands = initialCommands
        self.declarations = declarations
        self.logger = logger
    }

    /// The enrolment a message names, which must be bound to the certificate that signed it.
    func boundEnrollment(_ identity: EnrollmentIdentity, signedBy signer: VerifiedDeviceIdentity) async throws(DeviceRefusal) -> AppleEnrollment {
        let enrollment = try await storeCall { try await storage.appleEnrollment(identity.enrollment.rawValue) }
        guard let enrollment, enrollment.checkedOutAt == nil else {
            throw .forbidden("no live enrolment \(identity.enrollment.rawValue); the device must Authenticate first")
        }
        guard enrollment.identityFingerprint == signer.fingerprint else {
            throw .forbidden("enrolment \(identity.enrollment.rawValue) is bound to another identity certificate")
        }
        return enrollment
    }

    /// Runs a storage call, turning failures into a 503 the device retries after.
    func storeCall<T>(_ body: () async throws -> T) async throws(DeviceRefusal) -> T {
        do {
            return try await body()
        } catch {
            logger.error("storage failure serving a device", metadata: ["error": "\(error)"])
            throw .unavailable("the server cannot answer now; retry later")
        }
    }

    func audit(_ action: String, device: DeviceID, detail: JSONValue = .object([:])) async {
        do {
            try await storage.append(AuditRecord(at: clock.now, actor: .device(device), action: action, target: "device:\(device)", detail: detail))
        } catch {
            logger.error("audit append failed", metadata: ["action": "\(action)", "error": "\(error)"])
        }
    }
}
