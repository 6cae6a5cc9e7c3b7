import Core
import Edge
import Foundation
import Inspection
import Logging
import PalisadeCore
import PKI
import Prometheus
import Relay
import Storage

/// An edge in the same process as a core (`palisade up`, the edge benchmark), joined to it by a real relay link
/// on loopback with fresh keys pinned both ways.
///
/// Its command gate trusts the administrators' keys registered in the core's database, read at start, every
/// `keyRefresh` (so removed keys and disabled administrators drop out) and whenever an approval is signed by a key it
/// has not read yet (so a key registered a moment ago is honoured). On one machine the two halves share everything,
/// so the separation that keeps a breached core from approving its own commands is nominal here. A split deployment
/// gives the edge its own copy of the keys.
enum LocalEdge {
    static let keyRefresh: Duration = .seconds(10)

    /// Starts an in-process edge on the configured device address with the core's device TLS identity, and points
    /// the configuration at it: no device listener of the core's own, one relay edge, devices told the edge's URL.
    static func start(
        _ configuration: inout CoreConfiguration, storage: SQLStorage, coreKey: RelayKeyPin, metrics: PrometheusCollectorRegistry,
        logger: Logger = Logger(label: "palisade.edge")
    ) async throws -> (task: Task<Void, any Error>, relayAddress: String) {
        let keyring = try await CoreServer.loadKeyring(configuration: configuration, storage: storage)
        let edgeIdentity = try RelayIdentity()
        var destinations = EgressAllowList.standard.destinations
        if let url = URL(string: configuration.apnsEndpoint), url.scheme == "https", let host = url.host {
            do {
                destinations.append(try EgressDestination("\(host):\(url.port ?? 443)"))
            } catch {
                throw CLIError("the APNs endpoint \(configuration.apnsEndpoint) must name a host (such as https://localhost:2197): pushes leave through the edge, whose allow-list names services, not addresses")
            }
        }
        // Every device on this machine comes from 127.0.0.1: the per-source limit, meant for one NAT address among
        // many, would throttle a local fleet. Per-device limits stay as they are.
        var inspection = InspectionPolicy.standard
        inspection.sourceRate = RateLimit(burst: 100_000, perSecond: 10_000)
        let settings = EdgeSettings(
            device: .init(host: configuration.device.host, port: configuration.device.port),
            deviceCertificateChainPEM: keyring.deviceTLS.certificatePEM, devicePrivateKeyPEM: keyring.deviceTLS.privateKey.pemRepresentation,
            deviceClientCAPEM: keyring.authority.identity.certificatePEM,
            relay: .init(host: "127.0.0.1", port: 0), relayIdentity: edgeIdentity, coreKeys: [coreKey],
            egress: EgressAllowList(destinations), inspection: inspection
        )
        let edge = EdgeServer(settings: settings, metrics: metrics, logger: logger)
        let gate = edge.commandGate
        gate.replaceTrustedKeys(try await registeredKeys(in: storage))
        gate.readKeysOnDemand(from: .init { try await registeredKeys(in: storage) })
        let (stream, continuation) = AsyncStream<EdgeServer.Addresses>.makeStream()
        let task = Task {
            let refresh = Task {
                while !Task.isCancelled {
                    try await Task.sleep(for: keyRefresh)
                    do {
                        gate.replaceTrustedKeys(try await registeredKeys(in: storage))
                    } catch {
                        logger.warning("cannot read administrators' keys for the edge's command gate; keeping the last ones", metadata: ["reason": "\(error)"])
                    }
                }
            }
            defer {
                refresh.cancel()
                continuation.finish()
            }
            try await edge.run(stopsOnSignals: false) { continuation.yield($0) }
        }
        var iterator = stream.makeAsyncIterator()
        guard let addresses = await iterator.next() else {
            _ = try await task.value
            throw CLIError("the edge did not start")
        }
        configuration.deviceListen = false
        configuration.edges = [try RelayEdgeAddress(address: addresses.relayAddress, pin: edgeIdentity.pin)]
        if configuration.devicePublicURL == nil { configuration.devicePublicURL = addresses.deviceURL }
        return (task, addresses.relayAddress)
    }

    /// The signing keys of enabled administrators who may request or approve (not viewers), with their roles, as
    /// the command gate takes them — the same roles an edge's configuration file accepts.
    static func registeredKeys(in storage: SQLStorage) async throws -> [ApprovalQuorum.TrustedKey] {
        let administrators = Dictionary(
            try await storage.administrators().filter { !$0.disabled && $0.role >= .operator }.map { ($0.id, $0) },
            uniquingKeysWith: { first, _ in first }
        )
        return try await storage.administratorKeys(of: nil).compactMap { key in
            administrators[key.administratorID].map {
                ApprovalQuorum.TrustedKey(administrator: $0.id, role: $0.role, algorithm: key.algorithm, spki: key.publicKey)
            }
        }
    }
}
