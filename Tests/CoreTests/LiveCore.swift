import Core
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import PalisadeCore
import Simulator
import Storage
import X509

/// A whole core running in-process on loopback (real TLS on the device listener, real HTTP), with an APNs
/// stand-in it pushes to: what simulated devices enrol into in end-to-end tests.
final class LiveCore: LiveDeployment {
    let storage: SQLStorage
    let standIn: APNsStandIn
    let adminURL: String
    let deviceURL: String
    let token: String
    private let task: Task<Void, any Error>
    private let handle: StopHandle
    /// The data directory, whose SQLite file a test may open beside the core to break what it must survive.
    let directory: URL
    /// Whether `stop()` removes the data directory: only one the core made itself.
    private let ownsDirectory: Bool

    /// A core on a fresh data directory, or on `dataDirectory` (kept when it stops) with the admin token of an
    /// earlier core there; `clock` is the core's (a test moves it to pass an expiry).
    static func start(
        initialCommands: [String] = ["DeviceInformation", "InstalledApplicationList"], dataDirectory: URL? = nil, adminToken: String? = nil,
        compliance: ComplianceSettings? = nil, clock: any WallClock = SystemWallClock()
    ) async throws -> LiveCore {
        let directory = dataDirectory ?? FileManager.default.temporaryDirectory.appendingPathComponent("palisade-live-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let storage = try await SQLStorage.sqlite(path: directory.appendingPathComponent("palisade.sqlite").path)
        guard let token = try await AdminBootstrap.ensureFirstAdministrator(in: storage, clock: SystemWallClock()) ?? adminToken else {
            throw LiveCoreError("the data directory has an administrator: pass its token")
        }

        let standIn = try APNsStandIn()
        _ = try await standIn.start()
        let trustFile = directory.appendingPathComponent("apns-ca.pem")
        try (standIn.trustRoot.serializeAsPEM().pemString + "\n").write(to: trustFile, atomically: true, encoding: .utf8)

        var configuration = CoreConfiguration(dataDirectory: directory.path)
        configuration.admin = .init(host: "127.0.0.1", port: 0)
        configuration.device = .init(host: "127.0.0.1", port: 0)
        configuration.apnsEndpoint = await standIn.baseURL!.absoluteString
        configuration.apnsTrustRootsFile = trustFile.path
        configuration.initialCommands = initialCommands
        if let compliance { configuration.compliance = compliance }
        var logger = Logger(label: "palisade.test")
        logger.logLevel = .error
        let server = CoreServer(configuration: configuration, storage: storage, clock: clock, logger: logger)
        let (stream, continuation) = AsyncStream<CoreServer.Addresses>.makeStream()
        let handle = StopHandle()
        let task = Task {
            try await server.run(handle: handle) { addresses in continuation.yield(addresses) }
        }
        var iterator = stream.makeAsyncIterator()
        guard let addresses = await iterator.next() else { throw LiveCoreError("the core did not start") }
        return LiveCore(storage: storage, standIn: standIn, adminURL: addresses.adminURL, deviceURL: addresses.deviceURL,
                        token: token, task: task, handle: handle, directory: directory, ownsDirectory: dataDirectory == nil)
    }

    private init(
        storage: SQLStorage, standIn: APNsStandIn, adminURL: String, deviceURL: String, token: String, task: Task<Void, any Error>,
        handle: StopHandle, directory: URL, ownsDirectory: Bool
    ) {
        self.ownsDirectory = ownsDirectory
        self.storage = storage
        self.standIn = standIn
        self.adminURL = adminURL
        self.deviceURL = deviceURL
        self.token = token
        self.task = task
        self.handle = handle
        self.directory = directory
    }

    func stop() async {
        await handle.stop()
        _ = try? await task.value
        await standIn.stop()
        await storage.close()
        if ownsDirectory { try? FileManager.default.removeItem(at: directory) }
    }

    func adminURL(core: Int) -> String { adminURL }
}

/// A running deployment tests drive through its admin API: a lone core, or the split proxy.
protocol LiveDeployment: Sendable {
    var token: String { get }
    /// The admin API base URL of core `core`.
    func adminURL(core: Int) -> String
}

extension LiveDeployment {
    /// Calls the admin API of core `core` with the admin token.
    @discardableResult
    func admin(_ method: String, _ path: String, _ body: JSONValue? = nil, core: Int = 0) async throws -> (Int, JSONValue) {
        try await call(method, path, body, token: token, core: core)
    }

    /// Calls the admin API of core `core` with `token`.
    @discardableResult
    func call(_ method: String, _ path: String, _ body: JSONValue? = nil, token: String, core: Int = 0) async throws -> (Int, JSONValue) {
        var request = URLRequest(url: URL(string: adminURL(core: core) + path)!)
        request.httpMethod = method
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        if let body {
            request.httpBody = body.encoded()
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as! HTTPURLResponse).statusCode
        return (status, data.isEmpty ? .null : ((try? JSONValue.decode(data)) ?? .string(String(decoding: data, as: UTF8.self))))
    }

    /// A fresh invitation link, as `palisade enroll ios --invite` makes.
    func invitationURL(core: Int = 0) async throws -> String {
        let (status, invitation) = try await admin("POST", "/api/enrollment-invitations", .object(["ownership": .string("corporate")]), core: core)
        guard status == 201, let url = invitation["url"]?.stringValue else { throw LiveCoreError("invitation failed: \(status) \(invitation)") }
        return url
    }

    /// A simulated device whose profile authenticates by TLS client certificate (no `Mdm-Signature`), enrolled and
    /// checked in once.
    func enrolWithTLSClientCertificate(index: Int) async throws -> SimulatedAppleDevice {
        let device = SimulatedAppleDevice(hardware: SimulatedHardware.make(index: index), authentication: .tlsClientCertificate)
        let profile = try await SimulatorTransport.fetchProfile(try await invitationURL())
        guard let ca = try EnrollmentProfileContents(profile).trustedCertificate else { throw LiveCoreError("the profile installs no CA") }
        let bootstrap = try SimulatorTransport(trusting: [ca])
        try await device.enroll(profile: profile, transport: bootstrap)
        try await device.checkIn()
        await bootstrap.shutdown()
        return device
    }
}

struct LiveCoreError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
