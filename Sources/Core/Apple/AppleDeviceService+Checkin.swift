import AppleMDM
import Foundation
import PalisadeCore
import PKI

extension AppleDeviceService {
    /// Answers one check-in message from a device whose signature has been verified.
    public func checkin(_ message: CheckinMessage, signedBy signer: VerifiedDeviceIdentity) async throws(DeviceRefusal) -> CheckinReply {
        switch message {
        case .authenticate(let authenticate):
            // An exact copy of an Authenticate already acted on would store the enrolment afresh, clearing its push
            // token; it is accepted and changes nothing.
            if let copy = signer.signedMessage, recentMessages.wasServed(copy, at: clock.now) { return .accepted }
            let reply = try await self.authenticate(authenticate, signedBy: signer)
            if let message = signer.signedMessage { recentMessages.served(message, at: clock.now) }
            return reply
        case .tokenUpdate(let update):
            return try await tokenUpdate(update, signedBy: signer)
        case .checkOut(let checkOut):
            var enrollment = try await boundEnrollment(checkOut.identity, signedBy: signer)
            enrollment.checkedOutAt = clock.now
            let ended = enrollment
            try await storeCall {
                try await storage.saveAppleEnrollment(ended)
                try await storage.endEnrollment(of: ended.deviceID, at: clock.now)
            }
            await audit("device.checkout", device: enrollment.deviceID)
            return .accepted
        case .setBootstrapToken(let message):
            var enrollment = try await boundEnrollment(message.identity, signedBy: signer)
            do {
                enrollment.sealedBootstrapToken = try message.bootstrapToken.map {
                    try keyring.keyEncryptionKey.seal($0, name: SealedItem.bootstrapToken.sealedName(forRow: enrollment.enrollmentID))
                }
            } catch {
                throw .unavailable("cannot seal the bootstrap token")
            }
            enrollment.awaitingConfiguration = message.awaitingConfiguration
            let updated = enrollment
            try await storeCall { try await storage.saveAppleEnrollment(updated) }
            await audit("device.bootstrap-token.set", device: enrollment.deviceID)
            return .accepted
        case .getBootstrapToken(let message):
            let enrollment = try await boundEnrollment(message.identity, signedBy: signer)
            let token: Data?
            do {
                token = try enrollment.sealedBootstrapToken.map {
                    try keyring.keyEncryptionKey.open($0, name: SealedItem.bootstrapToken.sealedName(forRow: enrollment.enrollmentID))
                }
            } catch {
                throw .unavailable("cannot open the stored bootstrap token")
            }
            await audit("device.bootstrap-token.get", device: enrollment.deviceID)
            return .bootstrapToken(token)
        case .declarativeManagement(let message):
            let enrollment = try await boundEnrollment(message.identity, signedBy: signer)
            return try await declarativeManagement(message, enrollment: enrollment)
        case .userAuthenticate(let message):
            _ = try await boundEnrollment(message.identity, signedBy: signer)
            // Palisade does not manage macOS network users: decline as Apple specifies (410 to the first request).
            return .userAuthenticate(.decline)
        case .getToken(let message):
            _ = try await boundEnrollment(message.identity, signedBy: signer)
            throw .badRequest("token service \(message.tokenServiceType) is not offered")
        }
    }

    private func authenticate(_ message: AuthenticateMessage, signedBy signer: VerifiedDeviceIdentity) async throws(DeviceRefusal) -> CheckinReply {
        let enrollmentID = message.identity.enrollment.rawValue
        let now = clock.now
        let existing = try await storeCall { try await storage.appleEnrollment(enrollmentID) }
        // An identity certificate serves one enrolment: a device's genuine identity cannot be used to claim
        // another device's UDID. (A re-enrolment after a wipe brings a fresh certificate from SCEP.)
        let boundElsewhere = try await storeCall { try await storage.appleEnrollment(boundTo: signer.fingerprint) }
        if let boundElsewhere, boundElsewhere.enrollmentID != enrollmentID {
            throw .forbidden("this identity certificate belongs to another enrolment")
        }
        let isReenrollment = existing.map { $0.identityFingerprint != signer.fingerprint && $0.checkedOutAt == nil } ?? false
        // The ownership the invitation or enrolment link declared, for a device seen for the first time.
        let offeredOwnership = try await storeCall { () -> Ownership? in
            guard let id = signer.issued.invitationID else { return nil }
            if let invitation = try await storage.invitation(id) { return invitation.ownership }
            return try await storage.enrollmentLink(id)?.ownership
        }
        var device = try await storeCall { () -> Device? in
            if let existing { return try await storage.device(existing.deviceID) }
            if let found = try await storage.device(hardwareID: enrollmentID) { return found }
            if let serial = message.serialNumber {
                let registered = try await storage.devices(matching: DeviceFilter(search: serial), page: PageRequest(limit: 10))
                return registered.items.first { $0.serialNumber == serial && $0.hardwareID == nil }
            }
            return nil
        }
        let isNew = device == nil
        var record = device ?? Device(platform: .ios, ownership: offeredOwnership ?? .corporate, createdAt: now)
        InventoryUpdate(authenticate: message).apply(to: &record)
        record.hardwareID = enrollmentID
        record.lastSeenAt = now
        if message.identity.enrollment.enrollmentKind == .appleUser { record.ownership = .personal }
        device = record
        let enrollment = AppleEnrollment(
            enrollmentID: enrollmentID, deviceID: record.id, kind: message.identity.enrollment.enrollmentKind,
            identityFingerprint: signer.fingerprint, topic: message.topic, authenticatedAt: now
        )
        try await storeCall {
            if isNew {
                try await storage.createDevice(record)
            } else {
                try await storage.updateDevice(record)
            }
            try await storage.saveAppleEnrollment(enrollment)
        }
        await observePatchLevel(of: record)
        await audit(isReenrollment ? "device.reenroll" : "device.authenticate", device: record.id, detail: .object([
            "enrollmentId": .string(enrollmentID), "certificate": .string(signer.issued.serial),
        ]))
        return .accepted
    }

    private func tokenUpdate(_ message: TokenUpdateMessage, signedBy signer: VerifiedDeviceIdentity) async throws(DeviceRefusal) -> CheckinReply {
        var enrollment = try await boundEnrollment(message.identity, signedBy: signer)
        let now = clock.now
        if let user = message.identity.user {
            let channel = AppleUserChannel(
                enrollmentID: enrollment.enrollmentID, userID: user.channelComponent,
                shortName: user.shortName, longName: user.longName, topic: message.topic, pushToken: message.token,
                pushMagic: message.pushMagic, updatedAt: now
            )
            try await storeCall { try await storage.saveAppleUserChannel(channel) }
            return .accepted
        }
        let firstUpdate = enrollment.tokenUpdatedAt == nil
        enrollment.topic = message.topic
        enrollment.pushToken = message.token
        enrollment.pushMagic = message.pushMagic
        enrollment.pushTokenInvalid = false
        enrollment.awaitingConfiguration = message.awaitingConfiguration
        enrollment.tokenUpdatedAt = now
        if let unlock = message.unlockToken {
            do {
                enrollment.sealedUnlockToken = try keyring.keyEncryptionKey.seal(unlock, name: SealedItem.unlockToken.sealedName(forRow: enrollment.enrollmentID))
            } catch {
                throw .unavailable("cannot seal the unlock token")
            }
        }
        let updated = enrollment
        try await storeCall { try await storage.saveAppleEnrollment(updated) }
        guard firstUpdate else { return .accepted }

        // The first TokenUpdate completes enrolment: the device can now be woken.
        let commands = initialCommands.map {
            Command(deviceID: updated.deviceID, requestType: $0, createdAt: now)
        }
        try await storeCall {
            try await storage.recordEnrollment(Enrollment(
                deviceID: updated.deviceID, kind: updated.kind, externalID: updated.enrollmentID, enrolledAt: now
            ))
            try await storage.enqueue(commands)
        }
        await audit("device.enroll", device: updated.deviceID, detail: .object([
            "enrollmentId": .string(updated.enrollmentID), "kind": .string(updated.kind.rawValue),
        ]))
        if !commands.isEmpty { await pusher.wake([updated.deviceID]) }
        return .accepted
    }
}
