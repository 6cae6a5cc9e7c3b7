import AppleMDM
import Edge
import Foundation
import Inspection
import PalisadeCore
import PKI
import Synchronization
import Testing

/// The edge's command gate with real keys and real command plists: a sensitive command reaches a device only with
/// valid approvals for exactly that command and device, once, and erases only while the wipe breaker is closed.
@Suite struct CommandGateTests {
    let requester: TestAdministrator
    let alice: TestAdministrator
    let bob: TestAdministrator
    let stranger: TestAdministrator
    let device = "00008110-000A1C2E3F4A401E"
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    init() throws {
        requester = try TestAdministrator(.operator)
        alice = try TestAdministrator(.approver, .p256)
        bob = try TestAdministrator(.approver)
        stranger = try TestAdministrator(.approver)
    }

    func gate(wipeLimit: Int = 10) -> CommandGate {
        CommandGate(
            settings: CommandGateSettings(trustedKeys: [requester.key, alice.key, bob.key], wipeLimit: wipeLimit, wipeWindow: 1200),
            responseLimits: InspectionPolicy.standard.responseLimits
        )
    }

    func erase() throws -> MDMCommand { try MDMCommand.eraseDevice(pin: "123456") }

    /// The header value approving `command` for `target` by `approvers`.
    func header(
        _ command: MDMCommand, body: Data? = nil, for target: String? = nil, by approvers: [TestAdministrator]? = nil, expiring: TimeInterval = 900
    ) throws -> String {
        try requester.approval(
            of: body ?? command.wireData(), uuid: command.commandUUID, requestType: command.requestType, target: target ?? device,
            expiresAt: now.addingTimeInterval(expiring), approvers: approvers ?? [alice, bob]
        ).headerValue
    }

    func decide(
        _ gate: CommandGate, _ command: MDMCommand, approval: String?, body: Data? = nil, device: String? = nil, userChannel: Bool = false,
        at time: Date? = nil
    ) -> CommandGate.Decision {
        let body = body ?? command.wireData()
        return gate.decide(
            body: body, command: GatedCommand(body: body, limits: InspectionPolicy.standard.responseLimits), approval: approval,
            deviceKey: device ?? self.device, userChannel: userChannel, now: time ?? now
        )
    }

    @Test func anEraseApprovedByTwoApproversForThisDevicePasses() throws {
        let command = try erase()
        #expect(decide(gate(), command, approval: try header(command)) == .pass)
    }

    @Test func aSensitiveCommandWithoutApprovalOrWithAnUnreadableOneIsRefused() throws {
        let command = try erase()
        #expect(decide(gate(), command, approval: nil) == .refuse(.missing))
        #expect(decide(gate(), command, approval: "not base64 json") == .refuse(.malformed))
    }

    @Test func aSignatureByAKeyTheEdgeDoesNotTrustIsAForgery() throws {
        let command = try erase()
        #expect(decide(gate(), command, approval: try header(command, by: [alice, stranger])) == .refuse(.forged("an approver's (\(stranger.key.fingerprint))")))
        // A core that swaps in its own requester signature, under a trusted fingerprint, fares no better.
        var approval = try #require(SignedApproval(headerValue: try header(command)))
        approval.requesterSignature = ApprovalSignature(keyFingerprint: requester.key.fingerprint, signature: try stranger.sign(approval.statement).signature)
        #expect(decide(gate(), command, approval: approval.headerValue) == .refuse(.forged("the requester's")))
    }

    @Test func anApprovalIsRefusedOnceExpiredOrShortOfItsQuorum() throws {
        let command = try erase()
        #expect(decide(gate(), command, approval: try header(command, expiring: 60), at: now.addingTimeInterval(61)) == .refuse(.expired))
        #expect(decide(gate(), command, approval: try header(command, by: [alice])) == .refuse(.underQuorum(have: 1, need: 2)))
    }

    @Test func anApprovalForAnotherDeviceOrSentOnAUserChannelIsRetargeted() throws {
        let command = try erase()
        let approval = try header(command)
        #expect(decide(gate(), command, approval: approval, device: "00008110-000B00000000001E") == .refuse(.retargeted))
        #expect(decide(gate(), command, approval: approval, userChannel: true) == .refuse(.retargeted))
    }

    @Test func aBodyThatDiffersFromWhatWasApprovedIsAltered() throws {
        let approved = try erase()
        // The same command UUID, but the PIN changed after approvers signed.
        let altered = MDMCommand(requestType: "EraseDevice", parameters: ["PIN": .string("654321")], uuid: UUID(uuidString: approved.commandUUID)!)
        #expect(decide(gate(), altered, approval: try header(approved)) == .refuse(.altered("payload")))
    }

    @Test func anApprovedCommandMayBeSentAgainUntilTheDeviceFinishesItThenItIsAReplay() throws {
        let gate = gate()
        let command = try erase()
        let approval = try header(command)
        #expect(decide(gate, command, approval: approval) == .pass)
        // NotNow, a lost answer, or another device's report of it: the approval still stands.
        gate.observe(status: "NotNow", commandUUID: command.commandUUID, deviceKey: device, userChannel: false, now: now)
        gate.observe(status: "Acknowledged", commandUUID: command.commandUUID, deviceKey: "00008110-000B00000000001E", userChannel: false, now: now)
        #expect(decide(gate, command, approval: approval) == .pass)
        gate.observe(status: "Acknowledged", commandUUID: command.commandUUID, deviceKey: device, userChannel: false, now: now)
        #expect(decide(gate, command, approval: approval) == .refuse(.replayed))
    }

    @Test func commandsOutsideThePolicyPassUntouchedWithOrWithoutAHeader() throws {
        let inventory = MDMCommand.deviceInformation()
        #expect(decide(gate(), inventory, approval: nil) == .pass)
        #expect(decide(gate(), inventory, approval: "garbage") == .pass)
        #expect(gate().decide(body: Data(), command: nil, approval: nil, deviceKey: nil, userChannel: false, now: now) == .pass, "no command")
        let otherProfile = MDMCommand.removeProfile(identifier: "com.example.wifi")
        #expect(decide(gate(), otherProfile, approval: nil) == .pass)
    }

    @Test func aBodyTheGateCannotReadAsACommandIsRefused() {
        let body = Data("<plist><dict><key>Command</key><string>EraseDevice</string></dict></plist>".utf8)
        #expect(gate().decide(body: body, command: GatedCommand(body: body, limits: InspectionPolicy.standard.responseLimits), approval: nil,
                              deviceKey: device, userChannel: false, now: now) == .refuse(.malformed))
    }

    @Test func aLockNeedsOneApproverAndRemovingTheMDMProfileOrSendingAnUnlockTokenNeedTwo() throws {
        let lock = try MDMCommand.deviceLock(message: "Found? Call IT")
        #expect(decide(gate(), lock, approval: try header(lock, by: [alice])) == .pass)
        let unenrol = MDMCommand.removeProfile(identifier: ApprovalPolicy.mdmProfileIdentifier)
        #expect(decide(gate(), unenrol, approval: nil) == .refuse(.missing))
        #expect(decide(gate(), unenrol, approval: try header(unenrol, by: [alice])) == .refuse(.underQuorum(have: 1, need: 2)))
        // An unlock token makes even a command outside the list sensitive.
        let custom = MDMCommand(requestType: "ExampleUnlock", parameters: ["UnlockToken": .data(Data([1, 2, 3]))])
        #expect(decide(gate(), custom, approval: try header(custom, by: [alice])) == .refuse(.underQuorum(have: 1, need: 2)))
        #expect(decide(gate(), custom, approval: try header(custom)) == .pass)
    }

    @Test func keysSwappedInAtRunTimeAreTheOnesThatCount() throws {
        let gate = CommandGate(settings: CommandGateSettings(), responseLimits: InspectionPolicy.standard.responseLimits)
        let command = try erase()
        let approval = try header(command)
        #expect(decide(gate, command, approval: approval) == .refuse(.forged("the requester's")), "no key trusted: refused")
        gate.replaceTrustedKeys([requester.key, alice.key, bob.key])
        #expect(decide(gate, command, approval: approval) == .pass)
    }
}

extension CommandGateTests {
    /// `palisade up`: an approver registers a key and signs at once, before the edge's periodic read. The gate reads
    /// the keys again for a signer it does not know — once per interval, and never for a known key whose signature
    /// fails, so forgeries cannot make it hammer the database.
    @Test func aSignerTheGateDoesNotKnowYetMakesItReadTheKeysOnceMore() async throws {
        let gate = CommandGate(
            settings: CommandGateSettings(trustedKeys: [requester.key, alice.key], wipeLimit: 10, wipeWindow: 1200),
            responseLimits: InspectionPolicy.standard.responseLimits
        )
        let reads = Mutex(0)
        gate.readKeysOnDemand(from: .init(minimumInterval: .seconds(3600)) {
            reads.withLock { $0 += 1 }
            return [self.requester.key, self.alice.key, self.bob.key]
        })
        let command = try erase()
        let approval = try header(command)
        #expect(decide(gate, command, approval: approval) == .refuse(.forged("an approver's (\(bob.key.fingerprint))")))

        // A known requester whose signature is swapped for another's: nothing unknown, nothing read.
        var swapped = try #require(SignedApproval(headerValue: try header(command, by: [alice])))
        swapped.requesterSignature = ApprovalSignature(keyFingerprint: requester.key.fingerprint, signature: try stranger.sign(swapped.statement).signature)
        #expect(try await gate.refreshKeys(forUnknownSignersOf: swapped.headerValue) == false)
        #expect(reads.withLock { $0 } == 0)

        #expect(try await gate.refreshKeys(forUnknownSignersOf: approval) == true)
        #expect(reads.withLock { $0 } == 1)
        #expect(decide(gate, command, approval: approval) == .pass)

        // A stranger's signature is unknown after the read too; within the interval the gate does not read again.
        let other = try erase()
        #expect(try await gate.refreshKeys(forUnknownSignersOf: try header(other, by: [alice, stranger])) == false)
        #expect(reads.withLock { $0 } == 1)
    }

    @Test func theBreakerHoldsTheEraseAfterTheLimitAndOnlyAValidReleaseOfThisTripLetsTheNextThrough() throws {
        let gate = gate(wipeLimit: 2)
        let erases = try (0..<4).map { _ in try erase() }
        let approvals = try erases.map { try header($0) }
        #expect(decide(gate, erases[0], approval: approvals[0]) == .pass)
        #expect(decide(gate, erases[1], approval: approvals[1]) == .pass)
        // Re-delivery of a counted erase is not a second erase.
        #expect(decide(gate, erases[0], approval: approvals[0]) == .pass)
        let trippedAt = Int64(now.timeIntervalSince1970)
        #expect(decide(gate, erases[2], approval: approvals[2]) == .hold(trippedAt: trippedAt))
        #expect(decide(gate, erases[2], approval: approvals[2]) == .hold(trippedAt: trippedAt))
        // Only approved erases count: an unapproved one is refused, not held.
        #expect(decide(gate, try erase(), approval: nil) == .refuse(.missing))
        #expect(gate.wipeBreakerTrippedAt == trippedAt)

        let later = now.addingTimeInterval(60)
        let expires = Int64(later.timeIntervalSince1970) + 600
        func release(_ trip: Int64, expiresAt: Int64 = expires, by signers: [TestAdministrator]) throws -> WipeBreakerRelease {
            let unsigned = WipeBreakerRelease(trippedAt: trip, expiresAt: expiresAt, signatures: [])
            return WipeBreakerRelease(trippedAt: trip, expiresAt: expiresAt, signatures: try signers.map { try $0.sign(unsigned) })
        }
        let invalid = [
            try release(trippedAt - 3600, by: [alice, bob]),
            try release(trippedAt, by: [alice]),
            try release(trippedAt, expiresAt: Int64(later.timeIntervalSince1970) - 1, by: [alice, bob]),
            try release(trippedAt, by: [alice, stranger]),
        ]
        let outcomes = gate.apply(WipeBreakerReleaseList(releases: invalid), now: later)
        #expect(outcomes.count == 4 && !outcomes.contains(.released(trippedAt: trippedAt)), "\(outcomes)")
        #expect(decide(gate, erases[3], approval: approvals[3], at: later) == .hold(trippedAt: trippedAt))

        #expect(gate.apply(WipeBreakerReleaseList(releases: [try release(trippedAt, by: [alice, bob])]), now: later) == [.released(trippedAt: trippedAt)])
        #expect(gate.wipeBreakerTrippedAt == nil)
        #expect(decide(gate, erases[2], approval: approvals[2], at: later) == .pass, "the held erase goes out")
        #expect(gate.apply(WipeBreakerReleaseList(releases: [try release(trippedAt, by: [alice, bob])]), now: later).isEmpty, "closed: nothing to do")
    }
}
