import Connections
import Inspection
import NIOCore
import Relay

/// Everything an edge runs with, resolved: key material in memory, addresses parsed. Built from an
/// `EdgeConfiguration` file by `palisade edge`, or directly by `palisade up` and tests.
public struct EdgeSettings: Sendable {
    /// A host and port to listen on.
    public struct Listener: Sendable, Hashable {
        public var host: String
        public var port: Int

        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }
    }

    /// Where devices connect (TLS).
    public var device: Listener
    /// The device listener's certificate chain and private key, PEM.
    public var deviceCertificateChainPEM: String
    public var devicePrivateKeyPEM: String
    /// Roots a device's TLS client certificate must chain to (Palisade's CA, public); `nil` asks for none.
    public var deviceClientCAPEM: String?
    /// Where cores connect (TLS with pinned keys).
    public var relay: Listener
    public var relayIdentity: RelayIdentity
    /// The keys of the cores allowed to connect.
    public var coreKeys: Set<RelayKeyPin>
    /// Destinations cores may CONNECT to; `nil` turns the egress relay off.
    public var egress: EgressAllowList?
    public var inspection: InspectionPolicy
    /// Longest a core may take to answer one device request before the device gets 503.
    public var relayTimeout: TimeAmount
    /// Where `/metrics`, `/health` and `/audit-head` are served (plain HTTP; keep it on an internal address); `nil`
    /// for nowhere.
    public var metrics: Listener?
    /// How often the edge asks a core for the audit chain head and logs it.
    public var auditHeadInterval: Duration = .seconds(60)
    /// The command gate's keys, policy and wipe breaker; the default trusts no key and refuses every command that
    /// needs approval.
    public var approvals = CommandGateSettings()
    /// How often buffered events (refused commands, held wipes, inspection refusals) are posted to a core.
    public var eventReportInterval: Duration = .seconds(2)
    /// How often, while the wipe breaker holds, a core is asked for signed releases.
    public var releasePollInterval: Duration = .seconds(5)
    /// The device listener's timeouts and connection caps; the total cap defaults to the descriptor limit less a
    /// reserve. Its `maximumBodyBytes` is replaced by the largest body inspection takes, so the two cannot disagree.
    public var deviceConnections: ConnectionLimits = .device(maximumBodyBytes: 1 << 20)

    public init(
        device: Listener, deviceCertificateChainPEM: String, devicePrivateKeyPEM: String, deviceClientCAPEM: String? = nil,
        relay: Listener, relayIdentity: RelayIdentity, coreKeys: Set<RelayKeyPin>, egress: EgressAllowList? = .standard,
        inspection: InspectionPolicy = .standard, relayTimeout: TimeAmount = .seconds(30), metrics: Listener? = nil
    ) {
        self.device = device
        self.deviceCertificateChainPEM = deviceCertificateChainPEM
        self.devicePrivateKeyPEM = devicePrivateKeyPEM
        self.deviceClientCAPEM = deviceClientCAPEM
        self.relay = relay
        self.relayIdentity = relayIdentity
        self.coreKeys = coreKeys
        self.egress = egress
        self.inspection = inspection
        self.relayTimeout = relayTimeout
        self.metrics = metrics
    }
}
