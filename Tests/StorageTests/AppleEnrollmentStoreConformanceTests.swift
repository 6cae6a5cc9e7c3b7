import Foundation
import PalisadeCore
import Storage
import Testing

@Suite struct AppleEnrollmentStoreConformanceTests {
    @Test(arguments: Backend.available)
    func enrollmentsAreSavedReplacedAndFoundForPushing(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            let device = makeDevice(hardwareID: "00008030-001A2B3C4D5E802E")
            try await store.createDevice(device)
            var enrollment = AppleEnrollment(
                enrollmentID: "00008030-001A2B3C4D5E802E", deviceID: device.id, kind: .appleDevice,
                identityFingerprint: String(repeating: "a", count: 64), authenticatedAt: day(1)
            )
            try await store.saveAppleEnrollment(enrollment)
            #expect(try await store.appleEnrollment(enrollment.enrollmentID) == enrollment)
            #expect(try await store.appleEnrollment(enrollment.enrollmentID)?.isPushable == false)
            #expect(try await store.appleEnrollment(boundTo: enrollment.identityFingerprint) == enrollment)
            #expect(try await store.appleEnrollment(boundTo: "unknown") == nil)

            let token = Data([0x01, 0x02, 0x03]) // not 32 bytes: stored as sent
            enrollment.topic = "com.apple.mgmt.External.1234"
            enrollment.pushToken = token
            enrollment.pushMagic = "magic"
            enrollment.sealedUnlockToken = Data([9, 9, 9])
            enrollment.tokenUpdatedAt = day(2)
            try await store.saveAppleEnrollment(enrollment)
            let stored = try #require(try await store.appleEnrollment(enrollment.enrollmentID))
            #expect(stored == enrollment)
            #expect(stored.isPushable)
            #expect(try await store.appleEnrollments(of: device.id) == [enrollment])

            // The same token on a second device (a restored backup) is stored too, and 410 invalidates both.
            let twin = makeDevice()
            try await store.createDevice(twin)
            var second = enrollment
            second.enrollmentID = "TWIN"
            second.deviceID = twin.id
            try await store.saveAppleEnrollment(second)
            try await store.markPushTokenInvalid(token)
            #expect(try await store.appleEnrollment("TWIN")?.isPushable == false)
            #expect(try await store.appleEnrollment(enrollment.enrollmentID)?.pushTokenInvalid == true)

            let channel = AppleUserChannel(
                enrollmentID: enrollment.enrollmentID, userID: "U-1", shortName: "ana", topic: "t", pushToken: Data([7]),
                pushMagic: "m", updatedAt: day(2)
            )
            try await store.saveAppleUserChannel(channel)
            var renamed = channel
            renamed.longName = "Ana Silva"
            try await store.saveAppleUserChannel(renamed)
            #expect(try await store.appleUserChannels(of: enrollment.enrollmentID) == [renamed])
            let orphan = AppleUserChannel(enrollmentID: "nobody", userID: "U", updatedAt: day(2))
            await #expect(throws: StoreError.self) { try await store.saveAppleUserChannel(orphan) }

            enrollment.checkedOutAt = day(3)
            try await store.saveAppleEnrollment(enrollment)
            #expect(try await store.appleEnrollments(of: device.id).isEmpty)
        }
    }

    @Test(arguments: Backend.available)
    func aChallengeIsSpentOnceAndNotAfterItExpires(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            let invitation = EnrollmentInvitation(
                id: "inv-1", platform: .ios, ownership: .corporate, challengeDigest: "d1", sealedChallenge: Data([1]), createdAt: day(0), expiresAt: day(7)
            )
            let stale = EnrollmentInvitation(
                id: "inv-2", platform: .ios, ownership: .personal, challengeDigest: "d2", sealedChallenge: Data([2]), createdAt: day(0), expiresAt: day(1)
            )
            try await store.createInvitation(invitation)
            try await store.createInvitation(stale)
            #expect(try await store.invitation("inv-1") == invitation)

            let racers = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<8 { group.addTask { try await store.spendChallenge(digest: "d1", at: day(2)) != nil } }
                return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
            }
            #expect(racers == 1)
            #expect(try await store.invitation("inv-1")?.usedAt == day(2))
            #expect(try await store.spendChallenge(digest: "d2", at: day(2)) == nil)
            #expect(try await store.spendChallenge(digest: "unknown", at: day(0)) == nil)
        }
    }

    @Test(arguments: Backend.available)
    func issuedCertificatesAreRevokedOnceAndKeyMaterialIsStoredOnce(_ backend: Backend) async throws {
        try await backend.withStorage { store in
            let certificate = IssuedCertificate(
                serial: "0a1b", fingerprint: "f1", subject: "CN=device", notValidBefore: day(0), notValidAfter: day(365),
                invitationID: "inv-1", der: Data([0x30, 0x00])
            )
            try await store.recordIssuedCertificate(certificate)
            #expect(try await store.issuedCertificate(fingerprint: "f1") == certificate)
            #expect(try await store.revokeCertificate(serial: "0a1b", at: day(5), reason: 1))
            #expect(try await store.revokeCertificate(serial: "0a1b", at: day(6), reason: 1) == false)
            let revoked = try await store.revokedCertificates()
            #expect(revoked.map(\.serial) == ["0a1b"])
            #expect(revoked.first?.revokedAt == day(5))
            #expect(revoked.first?.revocationReason == 1)

            let first = try await store.storeKeyMaterialIfAbsent(Data("ca-1".utf8), named: "ca", at: day(0))
            let second = try await store.storeKeyMaterialIfAbsent(Data("ca-2".utf8), named: "ca", at: day(0))
            #expect(first == Data("ca-1".utf8))
            #expect(second == Data("ca-1".utf8))
            try await store.replaceKeyMaterial(Data("ca-3".utf8), named: "ca", at: day(1))
            #expect(try await store.keyMaterial(named: "ca") == Data("ca-3".utf8))
            #expect(try await store.keyMaterial(named: "missing") == nil)
        }
    }
}
