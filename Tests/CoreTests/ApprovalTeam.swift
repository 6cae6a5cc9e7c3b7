import Foundation
import PalisadeCore
import PKI

/// Administrators with signing keys made in the test (as `palisade admin keygen` makes them on their own
/// machines): the requester is the deployment's first administrator, the approvers are new ones. Registers every
/// public key through the admin API, and signs approvals the way `palisade approve` does.
struct ApprovalTeam: Sendable {
    struct Member: Sendable {
        var id: UUID
        var role: Role
        var token: String
        var privateKeyPEM: String
        var publicKeyPEM: String
        var fingerprint: String
    }

    let requester: Member
    let approvers: [Member]

    var members: [Member] { [requester] + approvers }

    /// Registers a key for the deployment's first administrator and makes `approverCount` approvers with keys.
    static func make(on deployment: some LiveDeployment, approverCount: Int = 2, algorithm: AdministratorKey.Algorithm = .ed25519) async throws -> ApprovalTeam {
        let (_, listed) = try await deployment.admin("GET", "/api/administrators")
        guard let first = listed["items"]?.arrayValue?.first, let id = first["id"]?.stringValue.flatMap(UUID.init(uuidString:)) else {
            throw LiveCoreError("no administrators listed: \(listed)")
        }
        let requester = try await register(Member(id: id, role: .admin, token: deployment.token), algorithm: algorithm, on: deployment)
        var approvers: [Member] = []
        for index in 0..<approverCount {
            let (status, created) = try await deployment.admin("POST", "/api/administrators", .object([
                "name": .string("approver-\(index)-\(UUID().uuidString.prefix(6))"), "role": .string("approver"),
            ]))
            guard status == 201, let approverID = created["administrator"]?["id"]?.stringValue.flatMap(UUID.init(uuidString:)),
                  let token = created["token"]?.stringValue
            else { throw LiveCoreError("approver not created: \(status) \(created)") }
            approvers.append(try await register(Member(id: approverID, role: .approver, token: token), algorithm: algorithm, on: deployment))
        }
        return ApprovalTeam(requester: requester, approvers: approvers)
    }

    private static func register(_ partial: Member, algorithm: AdministratorKey.Algorithm, on deployment: some LiveDeployment) async throws -> Member {
        let (privatePEM, publicPEM) = AdministratorSigningKey.generate(algorithm)
        let (status, key) = try await deployment.admin("POST", "/api/administrators/\(partial.id.uuidString.lowercased())/keys", .object([
            "publicKey": .string(publicPEM),
        ]))
        guard status == 201, let fingerprint = key["fingerprint"]?.stringValue else { throw LiveCoreError("key not registered: \(status) \(key)") }
        return Member(id: partial.id, role: partial.role, token: partial.token, privateKeyPEM: privatePEM, publicKeyPEM: publicPEM, fingerprint: fingerprint)
    }

    /// The trusted keys an edge's configuration would list for this team.
    var trustedKeys: [ApprovalQuorum.TrustedKey] {
        members.map { member in
            let parsed = try! AdministratorSigningKey.parsePublicKey(pem: member.publicKeyPEM)
            return ApprovalQuorum.TrustedKey(administrator: member.id, role: member.role, algorithm: parsed.algorithm, spki: parsed.spki)
        }
    }

    /// Signs command `id`'s approval as `member`, as `palisade approve` does: the statement is read from the API
    /// and its canonical bytes rebuilt here. Returns the API's status and answer.
    @discardableResult
    func sign(_ id: String, as member: Member, on deployment: some LiveDeployment) async throws -> (Int, JSONValue) {
        let (_, approval) = try await deployment.admin("GET", "/api/approvals/\(id)")
        guard let fields = approval["statement"] else { throw LiveCoreError("no statement: \(approval)") }
        let statement = try JSONDecoder().decode(ApprovalStatement.self, from: fields.encoded())
        let signature = try ApprovalSignature.sign(statement, privateKeyPEM: member.privateKeyPEM, fingerprint: member.fingerprint)
        return try await deployment.call("POST", "/api/approvals/\(id)/signatures", .object([
            "keyFingerprint": .string(member.fingerprint), "signature": .string(Data(signature.signature).base64EncodedString()),
        ]), token: member.token)
    }

    /// The requester and the first `approvals` approvers sign command `id`.
    func approve(_ id: String, approvals: Int, on deployment: some LiveDeployment) async throws {
        for member in [requester] + approvers.prefix(approvals) {
            let (status, answer) = try await sign(id, as: member, on: deployment)
            guard status == 200 else { throw LiveCoreError("signature refused: \(status) \(answer)") }
        }
    }

    /// Queues a sensitive command and has it approved; returns its id.
    func send(_ body: JSONValue, approvals: Int, on deployment: some LiveDeployment) async throws -> String {
        let (status, queued) = try await deployment.admin("POST", "/api/commands", body)
        guard status == 201, let id = queued["commands"]?.arrayValue?.first?["id"]?.stringValue else {
            throw LiveCoreError("command not accepted: \(status) \(queued)")
        }
        try await approve(id, approvals: approvals, on: deployment)
        return id
    }
}

extension ApprovalTeam.Member {
    fileprivate init(id: UUID, role: Role, token: String) {
        self.init(id: id, role: role, token: token, privateKeyPEM: "", publicKeyPEM: "", fingerprint: "")
    }
}
