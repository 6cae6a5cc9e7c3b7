import Connections
import Foundation
import Inspection
import NIOCore
import PalisadeCore
import PKI
import Relay

/// The edge's configuration file (`palisade edge --config FILE`), strict JSON: unknown fields are refused, so a
/// misspelt setting never silently leaves a default in place. `docs/configuration.md` documents every field.
///
/// The edge has no environment overrides on purpose: everything that decides what it lets through is in one file
/// an operator can review.
public struct EdgeConfiguration: Decodable, Sendable {
    public struct DeviceListener: Decodable, Sendable {
        public var host: String
        public var port: Int
        /// PEM certificate chain devices see (a public CA's, or one issued by `palisade edge certificate`).
        public var certificateFile: String
        public var privateKeyFile: String
        /// PEM of Palisade's CA (`/pki/ca.pem`), to accept devices that authenticate with their TLS certificate.
        public var clientCAFile: String?
        /// Timeouts and connection caps; absent fields keep their defaults.
        public var connections: Connections?

        private enum CodingKeys: String, CodingKey, CaseIterable { case host, port, certificateFile, privateKeyFile, clientCAFile, connections }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
            host = try container.decodeIfPresent(String.self, forKey: .host) ?? "0.0.0.0"
            port = try container.decodeIfPresent(Int.self, forKey: .port) ?? 443
            certificateFile = try container.decode(String.self, forKey: .certificateFile)
            privateKeyFile = try container.decode(String.self, forKey: .privateKeyFile)
            clientCAFile = try container.decodeIfPresent(String.self, forKey: .clientCAFile)
            connections = try container.decodeIfPresent(Connections.self, forKey: .connections)
        }
    }

    /// The device listener's connection limits (`ConnectionLimits`); seconds may be fractional.
    public struct Connections: Decodable, Sendable {
        public var handshakeTimeoutSeconds: Double?
        public var headerTimeoutSeconds: Double?
        public var bodyTimeoutSeconds: Double?
        public var idleTimeoutSeconds: Double?
        public var maximumConnections: Int?
        public var maximumConnectionsPerSource: Int?
        public var maximumDrainBytes: Int?

        private enum CodingKeys: String, CodingKey, CaseIterable {
            case handshakeTimeoutSeconds, headerTimeoutSeconds, bodyTimeoutSeconds, idleTimeoutSeconds, maximumConnections
            case maximumConnectionsPerSource, maximumDrainBytes
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
            handshakeTimeoutSeconds = try container.decodeIfPresent(Double.self, forKey: .handshakeTimeoutSeconds)
            headerTimeoutSeconds = try container.decodeIfPresent(Double.self, forKey: .headerTimeoutSeconds)
            bodyTimeoutSeconds = try container.decodeIfPresent(Double.self, forKey: .bodyTimeoutSeconds)
            idleTimeoutSeconds = try container.decodeIfPresent(Double.self, forKey: .idleTimeoutSeconds)
            maximumConnections = try container.decodeIfPresent(Int.self, forKey: .maximumConnections)
            maximumConnectionsPerSource = try container.decodeIfPresent(Int.self, forKey: .maximumConnectionsPerSource)
            maximumDrainBytes = try container.decodeIfPresent(Int.self, forKey: .maximumDrainBytes)
        }

        /// Checks every field and applies those present over `defaults`; the total cap may not exceed what the
        /// descriptor budget leaves the device listener.
        func limits(over defaults: ConnectionLimits, budget: DescriptorBudget) throws(EdgeConfigurationError) -> ConnectionLimits {
            var limits = defaults
            let timeouts: [(String, Double?, WritableKeyPath<ConnectionLimits, TimeAmount>)] = [
                ("handshakeTimeoutSeconds", handshakeTimeoutSeconds, \.handshakeTimeout), ("headerTimeoutSeconds", headerTimeoutSeconds, \.headerTimeout),
                ("bodyTimeoutSeconds", bodyTimeoutSeconds, \.bodyTimeout), ("idleTimeoutSeconds", idleTimeoutSeconds, \.idleTimeout),
            ]
            for (name, seconds, path) in timeouts {
                guard let seconds else { continue }
                guard (0.01...3600).contains(seconds) else { throw EdgeConfigurationError("device.connections.\(name) must be 0.01 to 3600") }
                limits[keyPath: path] = .nanoseconds(Int64(seconds * 1_000_000_000))
            }
            if let maximum = maximumConnections {
                guard (1...budget.deviceConnections).contains(maximum) else {
                    throw EdgeConfigurationError(
                        "device.connections.maximumConnections must be 1 to \(budget.deviceConnections) (the descriptor limit \(budget.limit) less \(budget.reserve) kept for the relay, egress and files)"
                    )
                }
                limits.maximumConnections = maximum
            }
            if let perSource = maximumConnectionsPerSource {
                guard perSource >= 1 else { throw EdgeConfigurationError("device.connections.maximumConnectionsPerSource must be at least 1") }
                limits.maximumConnectionsPerSource = perSource
            }
            if let drain = maximumDrainBytes {
                guard (0...(64 << 20)).contains(drain) else { throw EdgeConfigurationError("device.connections.maximumDrainBytes must be 0 to 67108864") }
                limits.maximumDrainBytes = drain
            }
            return limits
        }
    }

    public struct RelayListener: Decodable, Sendable {
        public var host: String
        public var port: Int
        /// The edge's relay key (`palisade relay identity FILE` makes it and prints what cores pin).
        public var identityFile: String
        /// The keys of the cores allowed to connect, as their `palisade relay identity` printed them.
        public var coreKeys: [RelayKeyPin]
        /// Longest a core may take to answer one device request.
        public var timeoutSeconds: Int

        private enum CodingKeys: String, CodingKey, CaseIterable { case host, port, identityFile, coreKeys, timeoutSeconds }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
            host = try container.decodeIfPresent(String.self, forKey: .host) ?? "0.0.0.0"
            port = try container.decodeIfPresent(Int.self, forKey: .port) ?? 8444
            identityFile = try container.decode(String.self, forKey: .identityFile)
            coreKeys = try container.decode([RelayKeyPin].self, forKey: .coreKeys)
            timeoutSeconds = try container.decodeIfPresent(Int.self, forKey: .timeoutSeconds) ?? 30
        }
    }

    public struct Egress: Decodable, Sendable {
        public var enabled: Bool
        /// `host:port` entries (a leading `*.` for any subdomain); `nil` means Palisade's standard list.
        public var allow: [String]?

        private enum CodingKeys: String, CodingKey, CaseIterable { case enabled, allow }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
            enabled = try container.decodeIfPresent(Bool.self, forKey: .enabled) ?? true
            allow = try container.decodeIfPresent([String].self, forKey: .allow)
        }
    }

    public struct Rate: Decodable, Sendable {
        public var burst: Double
        public var perSecond: Double

        private enum CodingKeys: String, CodingKey, CaseIterable { case burst, perSecond }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
            burst = try container.decode(Double.self, forKey: .burst)
            perSecond = try container.decode(Double.self, forKey: .perSecond)
        }
    }

    public struct Inspection: Decodable, Sendable {
        public var detectOnly: Bool?
        public var anomalyThreshold: Int?
        public var deviceRate: Rate?
        public var sourceRate: Rate?
        public var signatureMaximumAgeSeconds: Double?
        public var signatureClockSkewSeconds: Double?
        public var requireSigningTime: Bool?

        private enum CodingKeys: String, CodingKey, CaseIterable {
            case detectOnly, anomalyThreshold, deviceRate, sourceRate, signatureMaximumAgeSeconds, signatureClockSkewSeconds, requireSigningTime
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
            detectOnly = try container.decodeIfPresent(Bool.self, forKey: .detectOnly)
            anomalyThreshold = try container.decodeIfPresent(Int.self, forKey: .anomalyThreshold)
            deviceRate = try container.decodeIfPresent(Rate.self, forKey: .deviceRate)
            sourceRate = try container.decodeIfPresent(Rate.self, forKey: .sourceRate)
            signatureMaximumAgeSeconds = try container.decodeIfPresent(Double.self, forKey: .signatureMaximumAgeSeconds)
            signatureClockSkewSeconds = try container.decodeIfPresent(Double.self, forKey: .signatureClockSkewSeconds)
            requireSigningTime = try container.decodeIfPresent(Bool.self, forKey: .requireSigningTime)
        }
    }

    public struct Metrics: Decodable, Sendable {
        public var host: String
        public var port: Int

        private enum CodingKeys: String, CodingKey, CaseIterable { case host, port }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
            host = try container.decodeIfPresent(String.self, forKey: .host) ?? "127.0.0.1"
            port = try container.decode(Int.self, forKey: .port)
        }
    }

    public struct Log: Decodable, Sendable {
        public var level: String?
        public var format: String?

        private enum CodingKeys: String, CodingKey, CaseIterable { case level, format }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
            level = try container.decodeIfPresent(String.self, forKey: .level)
            format = try container.decodeIfPresent(String.self, forKey: .format)
        }
    }

    /// One administrator whose signatures the command gate accepts: the edge's own copy of what the core has, so a
    /// breached core cannot add a signer.
    public struct Administrator: Decodable, Sendable {
        public var id: String
        public var name: String
        /// `operator` (may request), `approver` or `admin` (may request and approve).
        public var role: String
        /// The administrator's `PUBLIC KEY` PEM, as `palisade admin keygen` wrote it.
        public var publicKey: String

        private enum CodingKeys: String, CodingKey, CaseIterable { case id, name, role, publicKey }

        public init(id: String, name: String, role: String, publicKey: String) {
            self.id = id
            self.name = name
            self.role = role
            self.publicKey = publicKey
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
            id = try container.decode(String.self, forKey: .id)
            name = try container.decode(String.self, forKey: .name)
            role = try container.decode(String.self, forKey: .role)
            publicKey = try container.decode(String.self, forKey: .publicKey)
        }
    }

    public struct WipeBreaker: Decodable, Sendable {
        public var limit: Int
        public var windowMinutes: Int
        public var releaseQuorum: Int

        private enum CodingKeys: String, CodingKey, CaseIterable { case limit, windowMinutes, releaseQuorum }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
            limit = try container.decodeIfPresent(Int.self, forKey: .limit) ?? 10
            windowMinutes = try container.decodeIfPresent(Int.self, forKey: .windowMinutes) ?? 20
            releaseQuorum = try container.decodeIfPresent(Int.self, forKey: .releaseQuorum) ?? 2
        }
    }

    /// The command gate: whose signatures count, how many each command needs, and the wipe breaker.
    public struct Approvals: Decodable, Sendable {
        public var administrators: [Administrator]
        /// Approvers per request type (or `RemoveMDMProfile`, `UnlockToken`), over `ApprovalPolicy`'s defaults.
        public var required: [String: Int]
        public var wipeBreaker: WipeBreaker?

        private enum CodingKeys: String, CodingKey, CaseIterable { case administrators, required, wipeBreaker }

        public init(administrators: [Administrator] = [], required: [String: Int] = [:], wipeBreaker: WipeBreaker? = nil) {
            self.administrators = administrators
            self.required = required
            self.wipeBreaker = wipeBreaker
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
            administrators = try container.decodeIfPresent([Administrator].self, forKey: .administrators) ?? []
            required = try container.decodeIfPresent([String: Int].self, forKey: .required) ?? [:]
            wipeBreaker = try container.decodeIfPresent(WipeBreaker.self, forKey: .wipeBreaker)
        }

        /// Roles whose keys the gate takes: a viewer may neither request nor approve a sensitive command.
        static let signingRoles: [Role] = [.operator, .approver, .admin]

        /// Checks every field and reads every key; errors name the field.
        public func gateSettings() throws(EdgeConfigurationError) -> CommandGateSettings {
            var keys: [ApprovalQuorum.TrustedKey] = []
            var people: [UUID: (name: String, role: Role)] = [:]
            for (index, administrator) in administrators.enumerated() {
                let field = "approvals.administrators[\(index)]"
                guard let id = UUID(uuidString: administrator.id) else { throw EdgeConfigurationError("\(field).id is not a UUID: use the id 'palisade admin list' shows") }
                guard !administrator.name.trimmingCharacters(in: .whitespaces).isEmpty else { throw EdgeConfigurationError("\(field).name is empty") }
                guard let role = Role(rawValue: administrator.role), Self.signingRoles.contains(role) else {
                    throw EdgeConfigurationError("\(field).role must be one of \(Self.signingRoles.map(\.rawValue).joined(separator: ", "))")
                }
                if let known = people[id], known.name != administrator.name || known.role != role {
                    throw EdgeConfigurationError("\(field): administrator \(administrator.id) is listed twice with different names or roles")
                }
                people[id] = (administrator.name, role)
                let parsed: (algorithm: AdministratorKey.Algorithm, spki: [UInt8])
                do {
                    parsed = try AdministratorSigningKey.parsePublicKey(pem: administrator.publicKey)
                } catch {
                    throw EdgeConfigurationError("\(field).publicKey: \(error)")
                }
                let key = ApprovalQuorum.TrustedKey(administrator: id, role: role, algorithm: parsed.algorithm, spki: parsed.spki)
                if keys.contains(where: { $0.spki == key.spki }) {
                    throw EdgeConfigurationError("\(field).publicKey is listed already (\(key.fingerprint)): one key belongs to one administrator")
                }
                keys.append(key)
            }
            let range = ApprovalPolicy.configurableApprovers
            for (requestType, count) in required.sorted(by: { $0.key < $1.key }) where !range.contains(count) {
                throw EdgeConfigurationError(
                    "approvals.required.\(requestType) must be \(range.lowerBound) to \(range.upperBound): a command on the list always needs an approver"
                )
            }
            let breaker = wipeBreaker
            if let breaker {
                guard (1...10_000).contains(breaker.limit) else { throw EdgeConfigurationError("approvals.wipeBreaker.limit must be 1 to 10000") }
                guard (1...10_080).contains(breaker.windowMinutes) else {
                    throw EdgeConfigurationError("approvals.wipeBreaker.windowMinutes must be 1 to 10080 (a week)")
                }
                guard (1...20).contains(breaker.releaseQuorum) else { throw EdgeConfigurationError("approvals.wipeBreaker.releaseQuorum must be 1 to 20") }
            }
            return CommandGateSettings(
                trustedKeys: keys, policy: ApprovalPolicy(overrides: required), wipeLimit: breaker?.limit ?? 10,
                wipeWindow: TimeInterval((breaker?.windowMinutes ?? 20) * 60), releaseQuorum: breaker?.releaseQuorum ?? 2
            )
        }
    }

    public var device: DeviceListener
    public var relay: RelayListener
    public var egress: Egress?
    public var inspection: Inspection?
    public var metrics: Metrics?
    public var log: Log?
    /// Without it the edge trusts no administrator key and refuses every command that needs approval.
    public var approvals: Approvals?

    private enum CodingKeys: String, CodingKey, CaseIterable { case device, relay, egress, inspection, metrics, log, approvals }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
        device = try container.decode(DeviceListener.self, forKey: .device)
        relay = try container.decode(RelayListener.self, forKey: .relay)
        egress = try container.decodeIfPresent(Egress.self, forKey: .egress)
        inspection = try container.decodeIfPresent(Inspection.self, forKey: .inspection)
        metrics = try container.decodeIfPresent(Metrics.self, forKey: .metrics)
        log = try container.decodeIfPresent(Log.self, forKey: .log)
        approvals = try container.decodeIfPresent(Approvals.self, forKey: .approvals)
    }

    /// Reads and checks a configuration file; errors name the field to fix.
    public static func load(file: String) throws(EdgeConfigurationError) -> EdgeConfiguration {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw EdgeConfigurationError("cannot read \(file): \(error.localizedDescription)")
        }
        let configuration: EdgeConfiguration
        do {
            configuration = try JSONDecoder().decode(EdgeConfiguration.self, from: data)
        } catch let error as DecodingError {
            throw EdgeConfigurationError("\(file): \(error.clientDescription)")
        } catch {
            throw EdgeConfigurationError("\(file) is not valid JSON")
        }
        try configuration.validate()
        return configuration
    }

    func validate() throws(EdgeConfigurationError) {
        for (name, port) in [("device.port", device.port), ("relay.port", relay.port), ("metrics.port", metrics?.port ?? 0)]
        where !(0...65535).contains(port) {
            throw EdgeConfigurationError("\(name) must be 0 to 65535")
        }
        guard !relay.coreKeys.isEmpty else {
            throw EdgeConfigurationError("relay.coreKeys is empty: no core could connect; add the key `palisade relay identity` printed on the core")
        }
        guard (1...600).contains(relay.timeoutSeconds) else { throw EdgeConfigurationError("relay.timeoutSeconds must be 1 to 600") }
        if let threshold = inspection?.anomalyThreshold, threshold < 1 {
            throw EdgeConfigurationError("inspection.anomalyThreshold must be at least 1")
        }
        for (name, rate) in [("deviceRate", inspection?.deviceRate), ("sourceRate", inspection?.sourceRate)] {
            if let rate, rate.burst < 1 || rate.perSecond < 0 {
                throw EdgeConfigurationError("inspection.\(name) needs burst of at least 1 and perSecond of at least 0")
            }
        }
        for (name, seconds) in [("signatureMaximumAgeSeconds", inspection?.signatureMaximumAgeSeconds), ("signatureClockSkewSeconds", inspection?.signatureClockSkewSeconds)] {
            if let seconds, !(0...86_400).contains(seconds) {
                throw EdgeConfigurationError("inspection.\(name) must be 0 to 86400")
            }
        }
        _ = try approvals?.gateSettings()
        _ = try device.connections?.limits(over: .device(maximumBodyBytes: 1 << 20), budget: .current)
    }

    /// Reads the key material the file points at and builds what `EdgeServer` runs with.
    public func settings() throws(EdgeConfigurationError) -> EdgeSettings {
        func read(_ path: String, _ field: String) throws(EdgeConfigurationError) -> String {
            do {
                return try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw EdgeConfigurationError("\(field): cannot read \(path)")
            }
        }
        let identity: RelayIdentity
        do {
            identity = try RelayIdentity.load(path: relay.identityFile)
        } catch {
            throw EdgeConfigurationError("relay.identityFile: \(error)")
        }
        var allowList: EgressAllowList? = .standard
        if egress?.enabled == false {
            allowList = nil
        } else if let entries = egress?.allow {
            do {
                allowList = try EgressAllowList(entries: entries)
            } catch {
                throw EdgeConfigurationError("egress.allow: \(error)")
            }
        }
        var policy = InspectionPolicy.standard
        if let detectOnly = inspection?.detectOnly { policy.detectOnly = detectOnly }
        if let threshold = inspection?.anomalyThreshold { policy.anomalyThreshold = threshold }
        if let rate = inspection?.deviceRate { policy.deviceRate = RateLimit(burst: rate.burst, perSecond: rate.perSecond) }
        if let rate = inspection?.sourceRate { policy.sourceRate = RateLimit(burst: rate.burst, perSecond: rate.perSecond) }
        if let seconds = inspection?.signatureMaximumAgeSeconds { policy.signatureMaximumAge = seconds }
        if let seconds = inspection?.signatureClockSkewSeconds { policy.signatureClockSkew = seconds }
        if let required = inspection?.requireSigningTime { policy.requireSigningTime = required }
        var settings = EdgeSettings(
            device: .init(host: device.host, port: device.port),
            deviceCertificateChainPEM: try read(device.certificateFile, "device.certificateFile"),
            devicePrivateKeyPEM: try read(device.privateKeyFile, "device.privateKeyFile"),
            deviceClientCAPEM: try device.clientCAFile.map { path throws(EdgeConfigurationError) in try read(path, "device.clientCAFile") },
            relay: .init(host: relay.host, port: relay.port), relayIdentity: identity, coreKeys: Set(relay.coreKeys),
            egress: allowList, inspection: policy, relayTimeout: .seconds(Int64(relay.timeoutSeconds)),
            metrics: metrics.map { .init(host: $0.host, port: $0.port) }
        )
        settings.approvals = try approvals?.gateSettings() ?? CommandGateSettings()
        if let connections = device.connections {
            settings.deviceConnections = try connections.limits(over: settings.deviceConnections, budget: .current)
        }
        return settings
    }
}

/// An edge configuration that cannot be used, with what to change.
public struct EdgeConfigurationError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
