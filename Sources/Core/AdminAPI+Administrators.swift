import Foundation
import Hummingbird
import PalisadeCore
import PKI

extension AdminAPI {
    /// `POST /api/administrators`.
    struct CreateAdministratorRequest: Decodable, Sendable {
        var name: String
        var role: Role

        private enum CodingKeys: String, CodingKey, CaseIterable { case name, role }

        init(from decoder: any Decoder) throws {
            let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            role = try container.decode(Role.self, forKey: .role)
        }
    }

    /// `POST /api/administrators/{id}/keys`.
    struct AddKeyRequest: Decodable, Sendable {
        var publicKey: String

        private enum CodingKeys: String, CodingKey, CaseIterable { case publicKey }

        init(from decoder: any Decoder) throws {
            let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
            publicKey = try container.decode(String.self, forKey: .publicKey)
        }
    }

    struct KeyView: Encodable, Sendable {
        var id: String
        var administratorId: String
        var algorithm: AdministratorKey.Algorithm
        var fingerprint: String
        var publicKey: String
        var createdAt: Date

        init(_ key: AdministratorKey) {
            id = key.id.uuidString.lowercased()
            administratorId = key.administratorID.uuidString.lowercased()
            algorithm = key.algorithm
            fingerprint = key.fingerprint
            publicKey = AdministratorSigningKey.publicKeyPEM(spki: key.publicKey)
            createdAt = key.createdAt
        }
    }

    struct AdministratorView: Encodable, Sendable {
        var id: String
        var name: String
        var role: Role
        var disabled: Bool
        var createdAt: Date
        var keys: [KeyView]
    }

    struct CreatedAdministratorView: Encodable, Sendable {
        var administrator: AdministratorView
        /// Shown once; only its digest is stored.
        var token: String
    }

    @Sendable func listAdministrators(_ request: Request, _ context: AdminContext) async throws -> Response {
        _ = try QueryReader(request, allowed: [])
        let keys = Dictionary(grouping: try await storage.administratorKeys(of: nil), by: \.administratorID)
        let items = try await storage.administrators().map { administrator in
            AdministratorView(
                id: administrator.id.uuidString.lowercased(), name: administrator.name, role: administrator.role, disabled: administrator.disabled,
                createdAt: administrator.createdAt, keys: (keys[administrator.id] ?? []).map(KeyView.init)
            )
        }
        return try json(ListResponse(items: items, nextCursor: nil))
    }

    @Sendable func createAdministrator(_ request: Request, _ context: AdminContext) async throws -> Response {
        _ = try QueryReader(request, allowed: [])
        let input = try await body.decode(CreateAdministratorRequest.self, from: request)
        let name = input.name.trimmingCharacters(in: .whitespaces)
        guard (1...64).contains(name.count), name.allSatisfy({ $0.isLetter || $0.isNumber || "._-@".contains($0) }) else {
            throw APIError.invalid("name must be 1 to 64 letters, digits and . _ - @")
        }
        let administrator = Administrator(name: name, role: input.role, createdAt: clock.now)
        do {
            try await storage.createAdministrator(administrator)
        } catch StoreError.conflict {
            throw APIError.conflict("an administrator named '\(name)' exists")
        }
        let issued = TokenIssuer.issue(for: administrator.id, label: "first token", at: clock.now)
        try await storage.createToken(issued.token)
        try await audit(context, "administrator.create", target: "admin:\(administrator.id.uuidString.lowercased())", detail: .object([
            "name": .string(name), "role": .string(input.role.rawValue),
        ]))
        return try json(CreatedAdministratorView(
            administrator: AdministratorView(id: administrator.id.uuidString.lowercased(), name: name, role: input.role, disabled: false, createdAt: administrator.createdAt, keys: []),
            token: issued.text
        ), status: .created)
    }

    @Sendable func addAdministratorKey(_ request: Request, _ context: AdminContext) async throws -> Response {
        _ = try QueryReader(request, allowed: [])
        let id = try uuid(context)
        let input = try await body.decode(AddKeyRequest.self, from: request)
        let parsed: (algorithm: AdministratorKey.Algorithm, spki: [UInt8])
        do {
            parsed = try AdministratorSigningKey.parsePublicKey(pem: input.publicKey)
        } catch {
            throw APIError.invalid("publicKey: \(error.description); make one with 'palisade admin keygen'")
        }
        let key = AdministratorKey(
            administratorID: id, algorithm: parsed.algorithm, publicKey: parsed.spki,
            fingerprint: AdministratorSigningKey.fingerprint(spki: parsed.spki), createdAt: clock.now
        )
        do {
            try await storage.addAdministratorKey(key)
        } catch StoreError.notFound {
            throw APIError.notFound("no administrator \(id.uuidString.lowercased())")
        } catch StoreError.conflict {
            throw APIError.conflict("key \(key.fingerprint) is already registered")
        }
        try await audit(context, "administrator.key.add", target: "admin:\(id.uuidString.lowercased())", detail: .object([
            "fingerprint": .string(key.fingerprint), "algorithm": .string(key.algorithm.rawValue),
        ]))
        return try json(KeyView(key), status: .created)
    }
}
