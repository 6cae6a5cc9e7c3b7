import Crypto
import Foundation
import Hummingbird
import PalisadeCore
import PKI

extension AdminAPI {
    /// `POST /api/approvals/{id}/signatures` and `POST /api/wipe-breaker/trips/{tripId}/signatures`.
    struct SignatureRequest: Decodable, Sendable {
        var keyFingerprint: String
        /// Base64.
        var signature: String

        private enum CodingKeys: String, CodingKey, CaseIterable { case keyFingerprint, signature }

        init(from decoder: any Decoder) throws {
            let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
            keyFingerprint = try container.decode(String.self, forKey: .keyFingerprint)
            signature = try container.decode(String.self, forKey: .signature)
        }

        func signatureBytes() throws -> [UInt8] {
            guard signature.utf8.count <= 1024, let bytes = Data(base64Encoded: signature), !bytes.isEmpty else {
                throw APIError.invalid("signature must be base64 of the signature bytes")
            }
            return [UInt8](bytes)
        }
    }

    struct SignatureView: Encodable, Sendable {
        var administratorId: String
        var keyFingerprint: String
        var byRequester: Bool
        var signedAt: Date

        init(_ signature: CommandApproval.Signature) {
            administratorId = signature.administratorID.uuidString.lowercased()
            keyFingerprint = signature.keyFingerprint
            byRequester = signature.byRequester
            signedAt = signature.signedAt
        }
    }

    /// An approval as signers see it: the statement field by field (the signing tool rebuilds the canonical bytes
    /// from these itself), and the exact wire bytes unless they hold an unlock token.
    struct ApprovalView: Encodable, Sendable {
        var commandId: String
        var deviceId: DeviceID
        var requestType: String
        var state: CommandState
        var payload: JSONValue
        var statement: ApprovalStatement
        /// Base64 of the plist the device will receive, so a signer can check its hash; `null` when it holds the
        /// device's unlock token.
        var wirePayload: String?
        var required: Int
        var approvals: Int
        var requesterSigned: Bool
        var signatures: [SignatureView]
        var createdAt: Date
        var expiresAt: Date
        var approvedAt: Date?

        private enum CodingKeys: String, CodingKey {
            case commandId, deviceId, requestType, state, payload, statement, wirePayload, required, approvals, requesterSigned
            case signatures, createdAt, expiresAt, approvedAt
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(commandId, forKey: .commandId)
            try container.encode(deviceId, forKey: .deviceId)
            try container.encode(requestType, forKey: .requestType)
            try container.encode(state, forKey: .state)
            try container.encode(payload, forKey: .payload)
            try container.encode(statement, forKey: .statement)
            try container.encode(wirePayload, forKey: .wirePayload)
            try container.encode(required, forKey: .required)
            try container.encode(approvals, forKey: .approvals)
            try container.encode(requesterSigned, forKey: .requesterSigned)
            try container.encode(signatures, forKey: .signatures)
            try container.encode(createdAt, forKey: .createdAt)
            try container.encode(expiresAt, forKey: .expiresAt)
            try container.encode(approvedAt, forKey: .approvedAt)
        }
    }

    struct WipeBreakerTripView: Encodable, Sendable {
        /// `<trippedAt>.<first 16 hex digits of SHA-256 of the edge's key pin>`.
        var id: String
        var edge: String
        var trippedAt: Int64
        var reportedAt: Date
        /// What each approver signs: `palisade-wipe-release-v1`, the trip and this expiry.
        var releaseExpiresAt: Int64
        var signatures: [SignatureView]

        init(_ trip: WipeBreakerTrip) {
            id = AdminAPI.tripID(trip)
            edge = trip.edge
            trippedAt = trip.trippedAt
            reportedAt = trip.reportedAt
            releaseExpiresAt = trip.releaseExpiresAt
            signatures = trip.signatures.map(SignatureView.init)
        }
    }

    static func tripID(_ trip: WipeBreakerTrip) -> String {
        "\(trip.trippedAt).\(Hex.encode(SHA256.hash(data: Data(trip.edge.utf8))).prefix(16))"
    }

    @Sendable func listApprovals(_ request: Request, _ context: AdminContext) async throws -> Response {
        let query = try QueryReader(request, allowed: QueryReader.paging.union(["state"]))
        let state = try query.string("state", maximumLength: 16) ?? "awaiting"
        guard ["awaiting", "all"].contains(state) else { throw APIError.invalid("query parameter 'state' must be awaiting or all") }
        let page = try await storage.approvals(awaitingOnly: state == "awaiting", page: try query.page())
        var items: [ApprovalView] = []
        for approval in page.items { items.append(try view(approval, command: try await storage.command(approval.commandID))) }
        return try json(ListResponse(items: items, nextCursor: page.nextCursor))
    }

    @Sendable func getApproval(_ request: Request, _ context: AdminContext) async throws -> Response {
        _ = try QueryReader(request, allowed: [])
        let id = try uuid(context)
        guard let approval = try await storage.approval(for: id) else { throw APIError.notFound("no approval for command \(id.uuidString.lowercased())") }
        return try json(try view(approval, command: try await storage.command(id)))
    }

    @Sendable func signApproval(_ request: Request, _ context: AdminContext) async throws -> Response {
        _ = try QueryReader(request, allowed: [])
        let id = try uuid(context)
        let input = try await body.decode(SignatureRequest.self, from: request)
        guard let approvals, let signer = context.administrator else {
            throw APIError(.forbidden, "forbidden", CommandApprovals.Problem.noRequester.description)
        }
        let (approval, command): (CommandApproval, Command)
        do {
            (approval, command) = try await approvals.sign(
                id, by: signer, fingerprint: input.keyFingerprint, signature: try input.signatureBytes(), now: clock.now
            )
        } catch let problem as CommandApprovals.Problem {
            throw Self.apiError(problem)
        }
        let signature = approval.signatures.last
        try await audit(context, "approval.sign", target: "command:\(id.uuidString.lowercased())", detail: .object([
            "requestType": .string(approval.requestType), "keyFingerprint": .string(input.keyFingerprint),
            "byRequester": .bool(signature?.byRequester ?? false), "approvals": .number(Double(approval.approverCount)),
            "required": .number(Double(approval.required)),
        ]))
        if command.state == .queued {
            try await audit(context, "command.approved", target: "command:\(id.uuidString.lowercased())", detail: .object([
                "requestType": .string(approval.requestType), "device": .string(approval.deviceID.description),
            ]))
            await pusher.wake([approval.deviceID])
        }
        return try json(try view(approval, command: command))
    }

    @Sendable func listWipeBreakerTrips(_ request: Request, _ context: AdminContext) async throws -> Response {
        _ = try QueryReader(request, allowed: [])
        let trips = try await storage.openWipeBreakerTrips()
        return try json(ListResponse(items: trips.map(WipeBreakerTripView.init), nextCursor: nil))
    }

    @Sendable func signWipeBreakerRelease(_ request: Request, _ context: AdminContext) async throws -> Response {
        _ = try QueryReader(request, allowed: [])
        let input = try await body.decode(SignatureRequest.self, from: request)
        let tripID = context.parameters.get("tripId") ?? ""
        guard let approvals, let signer = context.administrator else {
            throw APIError(.forbidden, "forbidden", CommandApprovals.Problem.noRequester.description)
        }
        guard let trip = try await storage.openWipeBreakerTrips().first(where: { Self.tripID($0) == tripID }) else {
            throw APIError.notFound("no open wipe breaker trip \(tripID)")
        }
        let signed: WipeBreakerTrip
        do {
            signed = try await approvals.signRelease(
                trip, by: signer, fingerprint: input.keyFingerprint, signature: try input.signatureBytes(), now: clock.now
            )
        } catch let problem as CommandApprovals.Problem {
            throw Self.apiError(problem)
        }
        try await audit(context, "wipe-breaker.release.sign", target: "wipe-breaker:\(tripID)", detail: .object([
            "keyFingerprint": .string(input.keyFingerprint), "signatures": .number(Double(signed.signatures.count)),
        ]))
        return try json(WipeBreakerTripView(signed))
    }

    private static func apiError(_ problem: CommandApprovals.Problem) -> APIError {
        switch problem {
        case .notAnApprover, .notYourKey, .noRequester: APIError(.forbidden, "forbidden", problem.description)
        case .expired, .notEnrolled, .noUnlockToken: APIError(.conflict, "invalid_state", problem.description)
        case .unknownKey, .badSignature, .payload: APIError.invalid(problem.description)
        }
    }

    /// `command` is the approval's command as just read (`nil` once pruned).
    private func view(_ approval: CommandApproval, command: Command?) throws -> ApprovalView {
        let statement = try CommandApprovals.statement(of: approval)
        var wire: String?
        // Anything carrying the device's unlock token stays sealed; every other payload is shown whole.
        if !ApprovalPolicy.carriesUnlockToken(requestType: approval.requestType, parameters: command?.payload ?? .null), let approvals {
            wire = try? approvals.keyEncryptionKey.open(approval.sealedPayload, name: CommandApproval.sealedName(approval.commandID)).base64EncodedString()
        }
        return ApprovalView(
            commandId: approval.commandID.uuidString.lowercased(), deviceId: approval.deviceID, requestType: approval.requestType,
            state: command?.state ?? .expired, payload: command?.payload ?? .object([:]), statement: statement, wirePayload: wire,
            required: approval.required, approvals: approval.approverCount, requesterSigned: approval.requesterSigned,
            signatures: approval.signatures.map(SignatureView.init), createdAt: approval.createdAt, expiresAt: approval.expiresAt,
            approvedAt: approval.approvedAt
        )
    }
}
