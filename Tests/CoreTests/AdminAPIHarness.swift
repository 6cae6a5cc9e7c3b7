import Core
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PalisadeCore
import PKI
import Prometheus
import Storage
import Testing
import X509

/// Runs the admin API in-process on a fresh SQLite database, with one administrator of each role, and lets a
/// test call it through Hummingbird's router test client (no sockets).
///
/// The enrolment and push services are the real ones on a fresh keyring. The push service is configured for
/// Apple's production APNs but never sends: it has only its development certificate until a test imports one,
/// and commands wake devices through the API's default `SilentPusher`, not through it.
struct AdminAPIHarness: Sendable {
    let storage: SQLStorage
    let api: AdminAPI
    let client: any TestClientProtocol
    let pushService: PushService
    /// A bearer token per role.
    let tokens: [Role: String]

    var adminToken: String { tokens[.admin]! }

    static func run(_ body: @Sendable (AdminAPIHarness) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("palisade-api-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let storage = try await SQLStorage.sqlite(path: directory.appendingPathComponent("palisade.sqlite").path)
        let tokens = try await administratorOfEachRole(in: storage)
        var logger = Logger(label: "palisade.test")
        logger.logLevel = .error
        let keyring = try await sharedKeyring.value
        let pushService = try await PushService.start(storage: storage, keyring: keyring, configuration: CoreConfiguration(), logger: logger)
        let enrollment = EnrollmentService(
            storage: storage, keyring: keyring, clock: SystemWallClock(), publicURL: { "https://127.0.0.1:8443" },
            topic: pushService.topic, logger: logger
        )
        let api = AdminAPI(
            storage: storage, metrics: PrometheusCollectorRegistry(), maximumBodyBytes: 64 * 1024,
            enrollment: enrollment, pushService: pushService,
            approvals: CommandApprovals(storage: storage, keyEncryptionKey: keyring.keyEncryptionKey, policy: ApprovalPolicy(), validity: 3600),
            compliance: ComplianceService(storage: storage, clock: SystemWallClock(), settings: ComplianceSettings(), pusher: SilentPusher(), logger: logger)
        )
        let app = Application(router: api.router())
        let outcome: Result<Void, any Error>
        do {
            try await app.test(.router) { client in
                try await body(AdminAPIHarness(storage: storage, api: api, client: client, pushService: pushService, tokens: tokens))
            }
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }
        // An imported certificate starts an APNs client, which must be shut down before it is released.
        await pushService.shutdown()
        await storage.close()
        try outcome.get()
    }

    /// Makes an administrator of each role in `storage` and returns a bearer token for each.
    static func administratorOfEachRole(in storage: SQLStorage) async throws -> [Role: String] {
        var tokens: [Role: String] = [:]
        for role in Role.allCases {
            let administrator = Administrator(name: "test-\(role.rawValue)", role: role, createdAt: Date())
            try await storage.createAdministrator(administrator)
            let issued = TokenIssuer.issue(for: administrator.id, label: "test", at: Date())
            try await storage.createToken(issued.token)
            tokens[role] = issued.text
        }
        return tokens
    }

    /// One keyring for every harness in the process: making its three RSA keys would otherwise take most of each
    /// run. A keyring is a value, so the store it was made in can go.
    private static let sharedKeyring = Task<CoreKeyring, any Error> {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("palisade-keyring-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await SQLStorage.sqlite(path: directory.appendingPathComponent("keys.sqlite").path)
        let keyring: Result<CoreKeyring, any Error>
        do {
            keyring = .success(try await CoreKeyring.load(
                store: store, keyEncryptionKey: ReloadingKeyRing(KeyEncryptionKeyRing(current: .generate())),
                tlsHostnames: ["localhost", "127.0.0.1"]
            ))
        } catch {
            keyring = .failure(error)
        }
        await store.close()
        return try keyring.get()
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

    /// The payload of `type` (`com.apple.mdm`, `com.apple.security.scep`…) in an unsigned enrolment profile.
    static func profilePayload(_ type: String, in profile: Data) throws -> [String: Any]? {
        let plist = try PropertyListSerialization.propertyList(from: profile, format: nil) as? [String: Any]
        let payloads = plist?["PayloadContent"] as? [[String: Any]] ?? []
        return payloads.first { $0["PayloadType"] as? String == type }
    }

    /// Spends the one-time challenge in an unsigned enrolment profile, as the SCEP server does when a device
    /// presents it; returns the invitation it belonged to.
    @discardableResult
    func spendChallenge(ofProfile profile: Data) async throws -> EnrollmentInvitation? {
        let scep = try #require(try Self.profilePayload("com.apple.security.scep", in: profile), "the profile has no SCEP payload")
        let challenge = try #require((scep["PayloadContent"] as? [String: Any])?["Challenge"] as? String, "the SCEP payload has no challenge")
        let digest = CMSDigestAlgorithm.sha256.hash(Data(challenge.utf8)).map { String(format: "%02x", $0) }.joined()
        return try await storage.spendChallenge(digest: digest, at: Date())
    }

    /// The body of `PUT /api/apns/certificate` for a fresh push certificate shaped like one from Apple's portal
    /// (`UID=<topic>, CN=APSP:<uuid>`, RSA 2048), issued by a CA made for the call: Apple is out of reach of tests.
    static func pushCertificateImport(topic: String, allowTopicChange: Bool? = nil) throws -> String {
        let issuer = try CertificateAuthority.create(commonName: "Test push certificate issuer")
        let holder = try issuer.issueIdentity(commonName: "APSP:holder", usage: .deviceIdentity, validity: 86_400)
        var subject = try DistinguishedName {
            CountryName("US")
            CommonName("APSP:\(UUID().uuidString.lowercased())")
        }
        // userid (0.9.2342.19200300.100.1.1), where Apple puts the topic.
        subject.append(RelativeDistinguishedName(RelativeDistinguishedName.Attribute(type: [0, 9, 2342, 19_200_300, 100, 1, 1], utf8String: topic)))
        let certificate = try issuer.issue(
            publicKey: holder.certificate.publicKey, subject: subject, usage: .deviceIdentity, validity: 365 * 86_400
        )
        var body: [String: JSONValue] = [
            "certificatePEM": .string(try certificate.serializeAsPEM().pemString + "\n"),
            "privateKeyPEM": .string(holder.privateKey.pemRepresentation),
        ]
        if let allowTopicChange { body["allowTopicChange"] = .bool(allowTopicChange) }
        return String(decoding: JSONValue.object(body).encoded(), as: UTF8.self)
    }
}
