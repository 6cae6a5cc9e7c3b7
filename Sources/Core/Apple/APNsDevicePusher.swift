import Foundation
import Logging
import PalisadeCore
import Push

/// Wakes Apple devices through APNs, and marks tokens Apple disowns (410) so they are not pushed again until the
/// device sends a new one.
public struct APNsDevicePusher: DevicePusher {
    let sender: any PushSending
    let store: any AppleEnrollmentStore
    let logger: Logger

    public init(sender: any PushSending, store: any AppleEnrollmentStore, logger: Logger) {
        self.sender = sender
        self.store = store
        self.logger = logger
    }

    public func wake(_ devices: [DeviceID]) async {
        var targets: [PushTarget] = []
        for device in devices {
            guard let enrollments = try? await store.appleEnrollments(of: device) else { continue }
            for enrollment in enrollments where enrollment.isPushable {
                guard let token = enrollment.pushToken, let magic = enrollment.pushMagic else { continue }
                targets.append(PushTarget(token: PushToken(token), pushMagic: magic))
            }
        }
        guard !targets.isEmpty else { return }
        let outcomes = await sender.push(targets)
        for outcome in outcomes {
            if outcome.isTokenInvalid {
                try? await store.markPushTokenInvalid(Data(outcome.target.token.bytes))
            } else if let failure = outcome.failure {
                logger.warning("push not delivered", metadata: ["failure": "\(failure)"])
            }
        }
    }
}
