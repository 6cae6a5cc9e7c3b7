import Foundation
import Hummingbird
import Logging
import NIOCore
import PalisadeCore
import Prometheus
import ServiceLifecycle

/// A running core: the admin API listener, the device listener and the queue's upkeep, stopped together on
/// SIGINT or SIGTERM.
public struct CoreServer: Sendable {
    /// Where the listeners ended up (ports chosen by the system when configured as 0).
    public struct Addresses: Sendable {
        public var adminURL: String
        public var deviceURL: String
    }

    public let configuration: CoreConfiguration
    public let storage: any PalisadeStorage
    public let clock: any WallClock
    public let metrics: PrometheusCollectorRegistry
    public let logger: Logger

    public init(
        configuration: CoreConfiguration, storage: any PalisadeStorage, clock: any WallClock = SystemWallClock(),
        metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(), logger: Logger
    ) {
        self.configuration = configuration
        self.storage = storage
        self.clock = clock
        self.metrics = metrics
        self.logger = logger
    }

    /// Serves until a shutdown signal; `onListening` runs once both listeners are bound.
    public func run(onListening: @escaping @Sendable (Addresses) async -> Void) async throws {
        let api = AdminAPI(
            storage: storage, clock: clock, metrics: metrics, maximumBodyBytes: configuration.maximumRequestBodyBytes
        )
        let bound = BoundListeners { admin, device in
            await onListening(Addresses(adminURL: admin, deviceURL: device))
        }
        let adminApp = Application(
            router: api.router(),
            configuration: .init(address: .hostname(configuration.admin.host, port: configuration.admin.port), serverName: "palisade-admin"),
            onServerRunning: { channel in await bound.admin(Self.url(of: channel, host: configuration.admin.host)) },
            logger: logger
        )
        let deviceApp = Application(
            router: DeviceEndpoints.router(),
            configuration: .init(address: .hostname(configuration.device.host, port: configuration.device.port), serverName: "palisade"),
            onServerRunning: { channel in await bound.device(Self.url(of: channel, host: configuration.device.host)) },
            logger: logger
        )
        let maintenance = QueueMaintenance(
            queue: storage, clock: clock, retentionDays: configuration.commandRetentionDays, logger: logger
        )
        let group = ServiceGroup(configuration: .init(
            services: [
                .init(service: adminApp), .init(service: deviceApp), .init(service: maintenance),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        ))
        try await group.run()
    }

    private static func url(of channel: any Channel, host: String) -> String {
        let port = channel.localAddress?.port ?? 0
        let shown = host.contains(":") ? "[\(host)]" : host
        return "http://\(shown):\(port)"
    }
}

/// Waits for both listeners to report their address, then reports both at once.
private actor BoundListeners {
    private var adminURL: String?
    private var deviceURL: String?
    private let report: @Sendable (String, String) async -> Void

    init(report: @escaping @Sendable (String, String) async -> Void) { self.report = report }

    func admin(_ url: String) async {
        adminURL = url
        await reportIfReady()
    }

    func device(_ url: String) async {
        deviceURL = url
        await reportIfReady()
    }

    private func reportIfReady() async {
        guard let adminURL, let deviceURL else { return }
        await report(adminURL, deviceURL)
    }
}
