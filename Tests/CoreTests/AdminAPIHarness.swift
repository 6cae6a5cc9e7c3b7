import Core
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import PalisadeCore
import Prometheus
import Storage
import Testing

/// Runs the admin API in-process on a fresh SQLite database, with one administrator of each role, and lets a
/// test call it through Hummingbird's router test client (no sockets).
struct AdminAPIHarness: Sendable {
    let storage: SQLStorage
    let api: AdminAPI
    let client: any TestClientProtocol
    /// A bearer token per role.
    let tokens: [Role: String]

    var adminToken: String { tokens[.admin]! }

    static func run(_ body: @Sendable (AdminAPIHarness) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("palisade-api-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let storage = try await SQLStorage.sqlite(path: directory.appendingPathComponent("palisade.sqlite").path)
        var tokens: [Role: String] = [:]
        for role in Role.allCases {
            let administrator = Administrator(name: "test-\(role.rawValue)", role: role, createdAt: Date())
            try await storage.createAdministrator(administrator)
            let issued = TokenIssuer.issue(for: administrator.id, label: "test", at: Date())
            try await storage.createToken(issued.token)
            tokens[role] = issued.text
        }
        let api = AdminAPI(storage: storage, metrics: PrometheusCollectorRegistry(), maximumBodyBytes: 64 * 1024)
        let app = Application(router: api.router())
        let frozenTokens = tokens
        try await app.test(.router) { client in
            try await body(AdminAPIHarness(storage: storage, api: api, client: client, tokens: frozenTokens))
        }
        await storage.close()
    }

    /// Sends a request; `token` defaults to the admin's, `nil` sends none. A string body is sent as JSON.
    @discardableResult
    func call(
        _ method: HTTPRequest.Method, _ uri: String, json body: String? = nil, token: String?? = .none,
        contentType: String = "application/json"
    ) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        let bearer: String? = switch token {
        case .none: adminToken
        case .some(let value): value
        }
        if let bearer { headers[.authorization] = "Bearer \(bearer)" }
        if body != nil { headers[.contentType] = contentType }
        return try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }

    /// The response body parsed as JSON.
    static func json(_ response: TestResponse) throws -> JSONValue {
        try JSONValue.decode(Data(response.body.readableBytesView))
    }

    /// Adds a device straight to storage, as enrolment will.
    func addDevice(_ device: Device) async throws -> Device {
        try await storage.createDevice(device)
        return device
    }
}
