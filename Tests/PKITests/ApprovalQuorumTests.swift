import Foundation
import PalisadeCore
import PKI
import Testing

/// The command gate's quorum check, case by case: only an unaltered command, for the device approved, before
/// expiry, delivered once, with the requester's and enough distinct approvers' valid signatures, passes.
@Suite struct ApprovalQuorumTests {
    struct Person {
        let id = UUID()
        let role: Role
        let privatePEM: String
        let key: ApprovalQuorum.TrustedKey

        init(_ role: Role, _ algorithm: AdministratorKey.Algorithm) throws {
            self.role = role
            let (privatePEM, publicPEM) = AdministratorSigningKey.generate(algorithm)
            self.privatePEM = privatePEM
            key = ApprovalQuorum.TrustedKey(
                administrator: id, role: role, algorithm: algorithm, spki: try AdministratorSigningKey.parsePublicKey(pem: publicPEM).spki
            )
        }

        func sign(_ statement: ApprovalStatement) throws -> ApprovalSignature {
            try ApprovalSignature.sign(statement, privateKeyPEM: privatePEM, fingerprint: key.fingerprint)
        }
    }

    let requester: Person
    let alice: Person
    let bob: Person
    let viewer: Person
    let gate: ApprovalQuorum
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let payload = Array(#"<plist><dict><key>Command</key><dict><key>RequestType</key><string>EraseDevice</string></dict></dict></plist>"#.utf8)
    var delivery: ApprovalQuorum.Delivery {
        .init(commandUUID: "C0FFEE00-0000-4000-8000-000000000001", requestType: "EraseDevice", target: "00008110-000A1C2E3F4A401E", payload: payload)
    }

    init() throws {
        requester = try Person(.operator, .ed25519)
        alice = try Person(.approver, .p256)
        bob = try Person(.approver, .ed25519)
        viewer = try Person(.viewer, .ed25519)
        gate = ApprovalQuorum(keys: [requester.key, alice.key, bob.key, viewer.key])
    }

    func statement(expiring: TimeInterval = 900) -> ApprovalStatement {
        ApprovalStatement(
            commandUUID: delivery.commandUUID, requestType: delivery.requestType, target: delivery.target, payload: payload,
            expiresAt: now.addingTimeInterval(expiring), requester: requester.id
        )
    }

    func approval(_ statement: ApprovalStatement, by approvers: [Person]) throws -> SignedApproval {
        SignedApproval(statement: statement, requesterSignature: try requester.sign(statement), approverSignatures: try approvers.map { try $0.sign(statement) })
    }

    func judge(_ approval: SignedApproval?, delivery: ApprovalQuorum.Delivery? = nil, required: Int = 2, at time: Date? = nil,
               delivered: Set<String> = []) -> ApprovalQuorum.Refusal? {
        if case .failure(let refusal) = gate.judge(approval, for: delivery ?? self.delivery, required: required, now: time ?? now, delivered: delivered) {
            return refusal
        }
        return nil
    }

    @Test func twoDistinctApproversWithTheRequestersSignaturePass() throws {
        #expect(judge(try approval(statement(), by: [alice, bob])) == nil)
        #expect(judge(try approval(statement(), by: [bob]), required: 1) == nil, "a lock needs one")
    }

    @Test func missingOrUnderQuorumIsRefused() throws {
        #expect(judge(nil) == .missing)
        #expect(judge(try approval(statement(), by: [alice])) == .underQuorum(have: 1, need: 2))
        // The same approver twice, the requester approving their own request, a viewer: none adds to the count.
        #expect(judge(try approval(statement(), by: [alice, alice])) == .underQuorum(have: 1, need: 2))
        #expect(judge(try approval(statement(), by: [alice, requester])) == .underQuorum(have: 1, need: 2))
        #expect(judge(try approval(statement(), by: [alice, viewer])) == .underQuorum(have: 1, need: 2))
    }

    @Test func forgedSignaturesAreRefused() throws {
        let good = try approval(statement(), by: [alice, bob])
        // A key the edge was never given.
        let stranger = try Person(.approver, .ed25519)
        var unknown = good
        unknown.approverSignatures[1] = try stranger.sign(statement())
        #expect(judge(unknown) == .forged("an approver's (\(stranger.key.fingerprint))"))
        // A signature's bytes changed.
        var flipped = good
        flipped.approverSignatures[0].signature[8] ^= 0x01
        #expect(judge(flipped).map { if case .forged = $0 { true } else { false } } == true)
        // A requester signature made with an approver's key.
        var wrongRequester = good
        wrongRequester.requesterSignature = try alice.sign(statement())
        #expect(judge(wrongRequester) == .forged("the requester's"))
        // The statement edited after signing (a later expiry): the signatures no longer cover it.
        var extended = good
        extended.statement.expiresAt += 86_400
        #expect(judge(extended) == .forged("the requester's"))
    }

    @Test func anExpiredApprovalIsRefused() throws {
        let approval = try approval(statement(expiring: 60), by: [alice, bob])
        #expect(judge(approval, at: now.addingTimeInterval(59)) == nil)
        #expect(judge(approval, at: now.addingTimeInterval(60)) == .expired)
    }

    @Test func aReplayedApprovalIsRefused() throws {
        #expect(judge(try approval(statement(), by: [alice, bob]), delivered: [delivery.commandUUID]) == .replayed)
    }

    @Test func aRetargetedOrAlteredCommandIsRefused() throws {
        let approval = try approval(statement(), by: [alice, bob])
        var other = delivery
        other.target = "00008110-0000000000000001"
        #expect(judge(approval, delivery: other) == .retargeted)
        other = delivery
        other.payload += Array(" ".utf8)
        #expect(judge(approval, delivery: other) == .altered("payload"))
        other = delivery
        other.requestType = "ClearPasscode"
        #expect(judge(approval, delivery: other) == .altered("request type"))
        other = delivery
        other.commandUUID = "C0FFEE00-0000-4000-8000-000000000002"
        #expect(judge(approval, delivery: other) == .altered("command UUID"))
    }

    @Test func aStatementWithALineBreakInAFieldCannotBeSigned() throws {
        var statement = statement()
        statement.target = "device\nrequester:someone"
        #expect(statement.canonicalBytes == nil)
        #expect(throws: (any Error).self) { try requester.sign(statement) }
    }
}
